using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

public abstract class OrganizationTests(AppFixture app)
{
    [Fact]
    public async Task List_HasTheConfederationAndItsOrgans_WithCodesAndParents()
    {
        using var c = await app.ClientAsAsync("ntlan.tld");
        var list = (await (await c.GetAsync("/api/v1/organizations")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.True(list.Count >= 95);
        var root = list.Single(o => o.Str("code") == "I02");
        Assert.Equal("Tổng Liên đoàn Lao động Việt Nam", root.Str("name"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("parentCode").ValueKind);
        var nghean = list.Single(o => o.Str("code") == "I02.36");
        Assert.Equal("I02", nghean.Str("parentCode"));
        Assert.Equal("LĐLĐ tỉnh Nghệ An", nghean.Str("name"));
        var search = await (await c.GetAsync("/api/v1/organizations?q=da%20nang")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(search.EnumerateArray(), o => o.Str("code") == "I02.60");
    }

    [Fact]
    public async Task ProvinceAdmin_BuildsItsSubtree_AndNothingPartialIsSavedOnError()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var created = await (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.01", name = "LĐLĐ thành phố Vinh", parentCode = "I02.36" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("UpperUnion", created.Str("kind"));
        await (await admin.PostJsonAsync("/api/v1/organizations", new { code = "i02.36.01", name = "Trùng", parentCode = "I02.36" }))
            .ErrorAsync(HttpStatusCode.Conflict, "ORG_CODE_DUPLICATE");
        await (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02 36", name = "Sai mã", parentCode = "I02.36" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "ORG_CODE_INVALID");
        await (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.02", name = new string('A', 251), parentCode = "I02.36" }))
            .ErrorAsync(HttpStatusCode.BadRequest, "NAME_TOO_LONG");
        Assert.False(await app.WithDbAsync(db => db.Organizations.AnyAsync(o => o.Code == "I02.36.02")));

        var child = await (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.01.001", name = "CĐCS Trường THPT Huỳnh Thúc Kháng", parentCode = "I02.36.01" }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal("GrassrootsUnion", child.Str("kind"));
        await (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01/move", new { parentCode = "I02.36.01.001" }))
            .ErrorAsync(HttpStatusCode.Conflict, "ORG_CYCLE");
        await (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01/deactivate")).ErrorAsync(HttpStatusCode.Conflict, "ORG_HAS_CHILDREN");
        await (await admin.DeleteAsync("/api/v1/organizations/I02.36.01")).ErrorAsync(HttpStatusCode.Conflict, "ORG_IN_USE");

        var renamed = await (await admin.PutJsonAsync("/api/v1/organizations/I02.36.01.001", new { name = "CĐCS Trường THPT chuyên Phan Bội Châu" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("CĐCS Trường THPT chuyên Phan Bội Châu", renamed.Str("name"));
        (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01.001/deactivate")).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01/deactivate")).EnsureSuccessStatusCode();
        await (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01.001/activate")).ErrorAsync(HttpStatusCode.Conflict, "ORG_PARENT_INACTIVE");
        (await admin.PostJsonAsync("/api/v1/organizations/I02.36.01/activate")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Organ_InUse_IsNeverDeleted_AnUnusedOneIs()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        await (await admin.DeleteAsync("/api/v1/organizations/I02.36")).ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.90", name = "Nhập nhầm", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        (await admin.PostJsonAsync("/api/v1/organizations/I02.36.90/departments", new { code = "VP", name = "Văn phòng" })).EnsureSuccessStatusCode();
        await (await admin.DeleteAsync("/api/v1/organizations/I02.36.90")).ErrorAsync(HttpStatusCode.Conflict, "ORG_IN_USE");
        (await admin.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.91", name = "Nhập nhầm 2", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/organizations/I02.36.91")).StatusCode);
        using var root = await app.ClientAsAsync("nqtri.tld");
        await (await root.DeleteAsync("/api/v1/organizations/I02")).ErrorAsync(HttpStatusCode.Conflict, "ORG_IN_USE");
    }

    [Fact]
    public async Task Departments_AreAddedRenamedAndUniquePerOrgan()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var d = await (await admin.PostJsonAsync("/api/v1/organizations/I02.36/departments", new { code = "TG", name = "Ban Tuyên giáo" })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/organizations/I02.36/departments", new { code = "tg", name = "Trùng" })).ErrorAsync(HttpStatusCode.Conflict, "DEPT_CODE_DUPLICATE");
        await (await admin.PostJsonAsync("/api/v1/organizations/I02.36/departments", new { code = "T G", name = "Sai" })).ErrorAsync(HttpStatusCode.BadRequest, "DEPT_CODE_INVALID");
        var renamed = await (await admin.PutJsonAsync($"/api/v1/departments/{d.Str("id")}", new { name = "Ban Tuyên giáo – Nữ công" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ban Tuyên giáo – Nữ công", renamed.Str("name"));
        // The same code in another organ is another department.
        using var root = await app.ClientAsAsync("nqtri.tld");
        (await root.PostJsonAsync("/api/v1/organizations/I02.01/departments", new { code = "TG", name = "Ban Tuyên giáo" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Import_CreatesAWholeSubtree_ParentsInAnyOrder()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var csv = """
            code,name,parentCode,kind
            I02.36.20.001,"CĐCS Công ty CP Xi măng, Đô Lương",I02.36.20,GrassrootsUnion
            I02.36.20,LĐLĐ huyện Đô Lương,I02.36,
            I02.36.20.002,CĐCS Trường THCS Đô Lương,I02.36.20,
            """;
        var r = await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "don-vi.csv", Encoding.UTF8.GetBytes(csv))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, r.GetProperty("created").GetInt32());
        var children = await (await admin.GetAsync("/api/v1/organizations?parentCode=I02.36.20")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(children.EnumerateArray(), o => o.Str("name") == "CĐCS Công ty CP Xi măng, Đô Lương");
    }

    [Fact]
    public async Task Import_WithBrokenRows_ReportsEveryRow_AndSavesNothing()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var csv = "code;name;parentCode\nI02.36.30;LĐLĐ huyện Tốt;I02.36\nI02.36.31;;I02.36\nI02.36.32;Cấp trên lạ;I02.99.99\nI02.36.33;Ngoài phạm vi;I02.01\nI02.36.30;Trùng mã;I02.36\nsai ma;Mã sai;I02.36\n";
        var json = await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "loi.csv", Encoding.UTF8.GetBytes(csv)))
            .ErrorAsync(HttpStatusCode.BadRequest, "IMPORT_ROWS_INVALID");
        var rows = json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()).ToList();
        Assert.Equal([3, 4, 5, 6, 7], rows);
        Assert.False(await app.WithDbAsync(db => db.Organizations.AnyAsync(o => o.Code == "I02.36.30")));

        await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "rong.csv", "code,name,parentCode\n"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.BadRequest, "FILE_EMPTY");
        await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "hong.xlsx", "not a zip"u8.ToArray()))
            .ErrorAsync(HttpStatusCode.BadRequest, "FILE_UNREADABLE");
        await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "lon.csv", new byte[6 * 1024 * 1024]))
            .ErrorAsync(HttpStatusCode.RequestEntityTooLarge, "FILE_TOO_LARGE");
    }

    [Fact]
    public async Task Import_FromExcel_Works()
    {
        using var admin = await app.ClientAsAsync("vmquan.ldld");
        var xlsx = XlsxBuilder.Build(["code", "name", "parentCode"], [["I02.36.40", "LĐLĐ huyện Nghi Lộc", "I02.36"], ["I02.36.40.001", "CĐCS xã Nghi Thuận", "I02.36.40"]]);
        var r = await (await admin.UploadAsync("/api/v1/organizations/I02.36/import", "don-vi.xlsx", xlsx)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, r.GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task CrossingMovesAtTheSameMoment_NeverMakeACycle()
    {
        using var root = await app.ClientAsAsync("nqtri.tld");
        (await root.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.61", name = "LĐLĐ huyện A", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        (await root.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.62", name = "LĐLĐ huyện B", parentCode = "I02.36" })).EnsureSuccessStatusCode();
        using var other = await app.ClientAsAsync("vmquan.ldld");
        var results = await Task.WhenAll(
            root.PostJsonAsync("/api/v1/organizations/I02.36.61/move", new { parentCode = "I02.36.62" }),
            other.PostJsonAsync("/api/v1/organizations/I02.36.62/move", new { parentCode = "I02.36.61" }));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        // Both still reach the root.
        foreach (var code in new[] { "I02.36.61", "I02.36.62" })
        {
            var chain = await app.WithDbAsync(async db =>
            {
                var id = await db.Organizations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
                return await UnionOffice.Modules.Organizations.OrganizationTree.AncestorsAndSelfAsync(db, id, default);
            });
            var rootId = await app.WithDbAsync(db => db.Organizations.Where(o => o.ParentId == null).Select(o => o.Id).SingleAsync());
            Assert.Equal(rootId, chain[^1]);
        }
    }

    [Fact]
    public async Task TwoAdministrators_AddingTheSameCodeAtOnce_OneWinsTheOtherIsToldWhy()
    {
        using var a = await app.ClientAsAsync("vmquan.ldld");
        using var b = await app.ClientAsAsync("nqtri.tld");
        var results = await Task.WhenAll(
            a.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.55", name = "Cùng lúc A", parentCode = "I02.36" }),
            b.PostJsonAsync("/api/v1/organizations", new { code = "I02.36.55", name = "Cùng lúc B", parentCode = "I02.36" }));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var loser = results.Single(r => r.StatusCode != HttpStatusCode.Created);
        await loser.ErrorAsync(HttpStatusCode.Conflict, "ORG_CODE_DUPLICATE");
    }
}

public sealed class OrganizationTestsSqlite(SqliteAppFixture f) : OrganizationTests(f), IClassFixture<SqliteAppFixture>;
public sealed class OrganizationTestsPostgres(PostgresAppFixture f) : OrganizationTests(f), IClassFixture<PostgresAppFixture>;
