using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UnionOffice.Tests.Infrastructure;

public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} {expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an API refusal: status, stable code and a Vietnamese message.</summary>
    public static async Task<JsonElement> ErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var json = await response.JsonAsync(status);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        return json;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient c, string url, object? body = null) =>
        c.PostAsJsonAsync(url, body ?? new { });

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient c, string url, object body) => c.PutAsJsonAsync(url, body);

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient c, string url, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        return await c.PostAsync(url, form);
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
