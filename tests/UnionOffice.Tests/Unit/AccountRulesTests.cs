using UnionOffice.Common;
using UnionOffice.Modules.Accounts;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Tests.Unit;

public class AccountRulesTests
{
    [Theory]
    [InlineData("Phan Song Toàn", "ldld", "pstoan.ldld")] // the example of seed 002 Điều 7
    [InlineData("Đặng Văn Đức", "ldld", "dvduc.ldld")]
    [InlineData("Nguyễn Thị Minh Khai", "tld", "ntmkhai.tld")]
    [InlineData("  Lê   Hoa ", "ldld", "lhoa.ldld")]
    [InlineData("Trịnh Thị Ngọc Ánh", "ldld", "ttnanh.ldld")]
    [InlineData("Thảo", "ldld", "thao.ldld")]
    public void UserName_FollowsSeedRule(string fullName, string suffix, string expected) =>
        Assert.Equal(expected, UserNameProposer.Base(fullName, suffix));

    [Fact]
    public void UserName_Clash_TakesLowestFreeNumber()
    {
        var taken = new HashSet<string> { "pstoan.ldld", "pstoan2.ldld" };
        Assert.Equal("pstoan3.ldld", UserNameProposer.Propose("Phan Song Toàn", "ldld", taken.Contains));
    }

    [Fact]
    public void UserName_EmptyName_IsRefused() =>
        Assert.Equal("FULL_NAME_REQUIRED", Assert.Throws<DomainException>(() => UserNameProposer.Base("  ", "ldld")).Error.Code);

    [Theory]
    [InlineData("LĐLĐ tỉnh Nghệ An", "Liên đoàn Lao động tỉnh Nghệ An", true)]
    [InlineData("Tổng LĐLĐ Việt Nam", "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", true)]
    [InlineData("CĐ ngành Giáo dục", "Công đoàn ngành Giáo dục", true)]
    [InlineData("LĐLĐ TP. Hồ Chí Minh", "Liên đoàn Lao động thành phố Hồ Chí Minh", true)]
    [InlineData("LĐLĐ tỉnh Nghệ An", "Liên đoàn Lao động tỉnh Hà Tĩnh", false)]
    [InlineData("LĐLĐ tỉnh Nghệ An", "Công đoàn tỉnh Nghệ An", false)]
    public void OrganNames_AreTheSame_WithTheUsualAbbreviationsSpelledOut(string a, string b, bool same) =>
        Assert.Equal(same, VietnameseText.FoldOrganName(a) == VietnameseText.FoldOrganName(b));

    [Fact]
    public void Fold_RemovesDiacriticsAndDStroke() => Assert.Equal("lien doan lao dong da nang", VietnameseText.Fold("Liên đoàn  Lao động ĐÀ NẴNG"));

    [Fact]
    public void GeneratedPasswords_AreRandomAndMixed()
    {
        var a = PasswordGenerator.Generate();
        var b = PasswordGenerator.Generate();
        Assert.NotEqual(a, b);
        Assert.Equal(14, a.Length);
        Assert.Contains(a, char.IsUpper);
        Assert.Contains(a, char.IsLower);
        Assert.Contains(a, char.IsDigit);
        Assert.Contains(a, c => !char.IsLetterOrDigit(c));
    }

    [Fact]
    public void Totp_MatchesRfc6238Vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s → 94287082; the six-digit code is the last six digits.
        var key = "12345678901234567890"u8.ToArray();
        Assert.Equal("287082", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal("081804", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(1111111109))));
    }

    [Fact]
    public void Totp_AcceptsOneStepOfDrift_AndNoMore()
    {
        var key = "12345678901234567890"u8.ToArray();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.TimeStep(now);
        Assert.Equal(step - 1, Totp.Match(key, Totp.Code(key, step - 1), now));
        Assert.Null(Totp.Match(key, Totp.Code(key, step - 2), now));
        Assert.Null(Totp.Match(key, "12a456", now));
    }

    [Fact]
    public void Base32_DecodesAuthenticatorKeys() =>
        Assert.Equal("12345678901234567890"u8.ToArray(), Totp.DecodeBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));

    [Fact]
    public void Delegation_ToSelf_OrBackwards_OrOfAdministration_IsRefused()
    {
        var u = Guid.NewGuid();
        var day = new DateOnly(2026, 12, 1);
        Assert.Equal("DELEGATION_SELF", Assert.Throws<DomainException>(() => new Delegation(Guid.NewGuid(), u, u, Role.Head, day, day, null, DateTimeOffset.UtcNow)).Error.Code);
        Assert.Equal("DELEGATION_DATES", Assert.Throws<DomainException>(() => new Delegation(Guid.NewGuid(), u, Guid.NewGuid(), Role.Head, day, day.AddDays(-1), null, DateTimeOffset.UtcNow)).Error.Code);
        Assert.Equal("DELEGATION_ROLE", Assert.Throws<DomainException>(() => new Delegation(Guid.NewGuid(), u, Guid.NewGuid(), Role.Administrator, day, day, null, DateTimeOffset.UtcNow)).Error.Code);
    }

    [Fact]
    public void Organization_MoveUnderOwnDescendant_IsACycle()
    {
        var root = new Organization("I02", "Tổng Liên đoàn", OrganizationKind.Confederation, null);
        var a = new Organization("I02.36", "LĐLĐ Nghệ An", OrganizationKind.ProvincialFederation, root);
        var b = new Organization("I02.36.01", "LĐLĐ huyện", OrganizationKind.UpperUnion, a);
        var e = Assert.Throws<DomainException>(() => a.MoveUnder(b, [b.Id, a.Id, root.Id]));
        Assert.Equal("ORG_CYCLE", e.Error.Code);
    }

    [Theory]
    [InlineData("i02.36.05", "I02.36.05")]
    [InlineData(" I02.36.H12 ", "I02.36.H12")]
    public void Organization_Code_IsNormalised(string input, string expected) => Assert.Equal(expected, Organization.ValidateCode(input));

    [Theory]
    [InlineData("")]
    [InlineData("I02..36")]
    [InlineData("I02 36")]
    [InlineData("Đ02")]
    public void Organization_BadCode_IsRefused(string code) =>
        Assert.Equal("ORG_CODE_INVALID", Assert.Throws<DomainException>(() => Organization.ValidateCode(code)).Error.Code);

    [Fact]
    public void Csv_ReadsQuotedFieldsWithSeparatorsAndLineBreaks()
    {
        var rows = Csv.Parse("a,b\r\n\"x, \"\"y\"\"\",\"line1\nline2\"\r\n", ',');
        Assert.Equal(2, rows.Count);
        Assert.Equal(["x, \"y\"", "line1\nline2"], rows[1].Fields);
    }
}
