using UnionOffice.Modules.Organizations;

namespace UnionOffice.Tests.Unit;

public class OrganizationSeedTests
{
    private static readonly IReadOnlyList<OrganizationSeed.Entry> Entries = OrganizationSeed.Read();

    [Fact]
    public void Seed_HasTheConfederationAnd94Organs_InTheirThreeGroups()
    {
        Assert.Equal(95, Entries.Count);
        Assert.Single(Entries, e => e.Kind == OrganizationKind.Confederation && e.Code == "I02");
        // The seed lists 64 names under group 1, the Confederation among them.
        Assert.Equal(63, Entries.Count(e => e.Kind == OrganizationKind.ProvincialFederation));
        Assert.Equal(19, Entries.Count(e => e.Kind == OrganizationKind.SectorUnion));
        Assert.Equal(12, Entries.Count(e => e.Kind == OrganizationKind.DirectUnit));
        Assert.Equal(Entries.Count, Entries.Select(e => e.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("I02.36", "LĐLĐ tỉnh Nghệ An", OrganizationKind.ProvincialFederation)]
    [InlineData("I02.56", "LĐLĐ tỉnh Vĩnh Long", OrganizationKind.ProvincialFederation)] // markup in the seed is dropped
    [InlineData("I02.63", "LĐLĐ thành phố Hồ Chí Minh", OrganizationKind.ProvincialFederation)]
    [InlineData("I02.66", "Ban Công đoàn Quốc phòng", OrganizationKind.SectorUnion)]
    [InlineData("I02.85", "Công đoàn Y tế Việt Nam", OrganizationKind.SectorUnion)]
    [InlineData("I02.97", "Viện Khoa học An toàn và Vệ sinh lao động", OrganizationKind.DirectUnit)]
    public void Seed_ReadsNamesAndCodesAsWritten(string code, string name, OrganizationKind kind)
    {
        var e = Entries.Single(x => x.Code == code);
        Assert.Equal(name, e.Name);
        Assert.Equal(kind, e.Kind);
    }

    [Fact]
    public void Seed_HasNoCodeI02_69_WhichTheSeedSkips() => Assert.DoesNotContain(Entries, e => e.Code == "I02.69");

    [Fact]
    public void Parse_WithoutAppendix_Fails() => Assert.Throws<InvalidDataException>(() => OrganizationSeed.Parse("no appendix here"));
}
