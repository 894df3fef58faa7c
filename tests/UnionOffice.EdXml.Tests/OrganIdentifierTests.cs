namespace UnionOffice.EdXml.Tests;

public class OrganIdentifierTests
{
    [Theory]
    [InlineData("000.00.00.G22", OrganIdentifierForm.National)]
    [InlineData("000.00.11.H53", OrganIdentifierForm.National)]
    [InlineData("I02", OrganIdentifierForm.Short)]
    [InlineData("I02.36", OrganIdentifierForm.Short)]
    [InlineData("I02.36.05", OrganIdentifierForm.Short)]
    public void FormOf_ValidCode_TellsItsForm(string code, OrganIdentifierForm form)
    {
        Assert.True(OrganIdentifier.IsValid(code));
        Assert.Equal(form, OrganIdentifier.FormOf(code));
        Assert.Equal(code, OrganIdentifier.Normalize(code));
    }

    [Theory]
    [InlineData(" i02.36 ", "I02.36")]
    [InlineData("000.00.00.g22\t", "000.00.00.G22")]
    public void Normalize_TrimsAndUpperCases(string code, string normalized)
    {
        Assert.Equal(normalized, OrganIdentifier.Normalize(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("I")]
    [InlineData("02")]
    [InlineData("I02.")]
    [InlineData("I02..36")]
    [InlineData("I 02")]
    [InlineData("000.00.00.G2")]
    [InlineData("000.00.00.G222")]
    [InlineData("00.000.00.G22")]
    [InlineData("000.00.00.22G")]
    [InlineData("Ị02")]
    public void IsValid_MalformedCode_IsFalse(string? code)
    {
        Assert.False(OrganIdentifier.IsValid(code));
        Assert.Null(OrganIdentifier.FormOf(code));
        Assert.Null(OrganIdentifier.TryNormalize(code));
    }

    [Fact]
    public void Normalize_MalformedCode_ThrowsWithAVietnameseMessage()
    {
        var e = Assert.Throws<FormatException>(() => OrganIdentifier.Normalize("I 02"));

        Assert.Contains("Mã định danh", e.Message);
    }

    [Fact]
    public void NationalForm_IsThirteenCharacters()
    {
        Assert.Equal(OrganIdentifier.NationalLength, "000.00.00.G22".Length);
    }

    [Theory]
    [InlineData("I02.36", " i02.36", true)]
    [InlineData("I02.36", "I02.01", false)]
    [InlineData("000.00.00.G22", "000.00.00.g22", true)]
    public void AreSame_ComparesAsWritten(string a, string b, bool same)
    {
        Assert.Equal(same, OrganIdentifier.AreSame(a, b));
    }

    [Fact]
    public void DocumentId_IsComposedFromOrganDateAndCode()
    {
        Assert.Equal("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT", EdXmlDocumentId.Format("000.00.00.G22", new DateOnly(2015, 9, 30), new EdXmlCode("7816", "VPCP-TTĐT")));
    }
}
