using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOffice.Modules.Exchange;
using UnionOffice.Modules.Exchange.Axis;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Exchange;

/// <summary>The pieces of the axis protocol that can be checked alone: signature, timestamp, hash spelling, busy rule, options.</summary>
public class AxisSignatureTests
{
    [Fact]
    public async Task SignedHeader_IsTheSdkJson_AndItsHmacIsWhatOpensslComputes()
    {
        const string secret = "khóa-bí-mật-LĐLĐ";
        var json = AxisSignature.SignedJson([new("systemid", "000.00.00.I02"), new("to", AxisSignature.JsonStringArray(["I02.01", "I02.02"]))]);
        Assert.Equal("{\"XroadVnpt-systemid\":\"000.00.00.I02\",\"XroadVnpt-to\":\"[\\\"I02.01\\\",\\\"I02.02\\\"]\"}", json);

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, json);
            var openssl = await Tools.RunAsync("openssl", "dgst", "-sha256", "-hmac", secret, file);
            Assert.Equal(openssl[(openssl.LastIndexOf("= ", StringComparison.Ordinal) + 2)..].Trim(), AxisSignature.Hmac(json, secret));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Sign_PutsEachHeaderPrefixed_TheKeyListAndTheVersion()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/vxp/getEdoc");
        AxisSignature.Sign(request, [new("systemid", "s"), new("docId", "d1")], "k");

        Assert.Equal("d1", request.Headers.GetValues("XroadVnpt-docId").Single());
        Assert.Equal("systemid;docId", request.Headers.GetValues("XroadVnpt-sign-header-key").Single());
        Assert.Equal("3.0.201608", request.Headers.GetValues("XroadVnpt-version").Single());
        Assert.Equal(AxisSignature.Hmac("{\"XroadVnpt-systemid\":\"s\",\"XroadVnpt-docId\":\"d1\"}", "k"), request.Headers.GetValues("XroadVnpt-hash-header").Single());
    }

    [Fact]
    public void Sign_RefusesAValueAHeaderCannotCarry()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/vxp/deleteAgency");
        var e = Assert.Throws<ExchangeTransportException>(() => AxisSignature.Sign(request, [new("AgencyCode", "Sở Nội vụ")], "k"));
        Assert.False(e.Transient);
    }

    [Fact]
    public void Timestamp_IsVietnamTime_InTheSdkFormat_WithFourDigitMilliseconds() =>
        Assert.Equal("03012024T030405+0067", AxisSignature.Timestamp(new DateTimeOffset(2024, 1, 2, 20, 4, 5, 67, TimeSpan.Zero)));

    [Theory]
    [InlineData("0A00FF10", AxisHashFileStyle.Hex, "0a00ff10")]
    [InlineData("0A00FF10", AxisHashFileStyle.JavaUnpadded, "a0ff10")]
    public void HashFile_IsSpelledAsConfigured(string hex, AxisHashFileStyle style, string expected) =>
        Assert.Equal(expected, AxisSignature.HashFile(hex, style));

    [Theory]
    [InlineData(null, "Hệ thống đang quá tải", true)]
    [InlineData(null, "He thong dang ban, thu lai sau", true)]
    [InlineData(null, "Server busy", true)]
    [InlineData("503", "Lỗi", true)]
    [InlineData("401", "Sai chữ ký", false)]
    [InlineData(null, "hash mismatch", false)]
    [InlineData(null, null, false)]
    public void Fail_IsTransientOnlyWhenTheAxisSaysItIsBusy(string? code, string? desc, bool busy) =>
        Assert.Equal(busy, AxisFailures.IsBusy(code, desc));

    [Fact]
    public void Options_WithAnEndpointButNoSystemIdOrSecret_StopTheStart_SayingWhatIsMissing()
    {
        using var sp = Services(new() { ["Exchange:Axis:Endpoint"] = "https://truc.example.vn/vxp" });

        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("thiếu SystemId", e.Message, StringComparison.Ordinal);
        Assert.Contains("thiếu Secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WithARelativeEndpoint_AreRefused()
    {
        using var sp = Services(new() { ["Exchange:Axis:Endpoint"] = "truc/vxp", ["Exchange:Axis:SystemId"] = "s", ["Exchange:Axis:Secret"] = "k" });

        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("không phải địa chỉ http(s) tuyệt đối", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_WithoutAnEndpoint_Start_AndTheClientSaysTheAxisIsNotConfigured()
    {
        using var sp = Services([]);
        sp.GetRequiredService<IStartupValidator>().Validate();

        var e = await Assert.ThrowsAsync<ExchangeTransportException>(() => sp.GetRequiredService<AxisClient>().GetAgenciesAsync());

        Assert.False(e.Transient);
        Assert.Contains("Chưa cấu hình trục liên thông", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(100), sp.GetRequiredService<IOptions<AxisOptions>>().Value.Timeout);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddAxisClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
}
