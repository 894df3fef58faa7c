using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Tests.Infrastructure;

namespace UnionOffice.Tests.Api;

/// <summary>
/// Every API endpoint of the foundation against every role of two organs (the Confederation and Nghệ An): those who
/// should reach it do (any answer but 401/403), everyone else gets 403 with the API's error shape, and nobody
/// without a token gets in. Mutating calls carry input that fails validation after the access check, so the matrix
/// changes nothing; calls that would change state for those allowed are run only for those refused.
/// </summary>
public abstract class AccessMatrixTests(AppFixture app)
{
    public static readonly string[] Users =
    [
        "nqtri.tld", "tvhung.tld", "lthoa.tld", "pmtuan.tld", "ntlan.tld",
        "vmquan.ldld", "pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld",
    ];

    private const string RootAdmin = "nqtri.tld";
    private const string ProvinceAdmin = "vmquan.ldld";
    private static readonly string[] Everyone = Users;
    private static readonly string[] Admins = [RootAdmin, ProvinceAdmin];
    private static readonly string[] RootOnly = [RootAdmin];
    /// <summary>Last year's registers: always a past year, whatever the date the tests run.</summary>
    private static readonly int RegisterYear = DateTime.UtcNow.Year - 1;

    /// <summary>(method, url, body, allowed users, run for allowed users too)</summary>
    public static IEnumerable<(string Method, string Url, object? Body, string[] Allowed, bool RunAllowed)> Endpoints()
    {
        yield return ("GET", "/api/v1/me", null, Everyone, true);
        yield return ("GET", "/api/v1/me/otp", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations/I02.36", null, Everyone, true);
        yield return ("GET", "/api/v1/organizations/I02.36/departments", null, Everyone, true);
        yield return ("GET", "/api/v1/delegations", null, Everyone, true);
        yield return ("GET", "/api/v1/users", null, Admins, true);
        yield return ("GET", "/api/v1/users?organizationCode=I02", null, RootOnly, true);
        yield return ("GET", "/api/v1/users?organizationCode=I02.36", null, Admins, true);
        yield return ("GET", "/api/v1/users/{ntlan.tld}", null, RootOnly, true);
        yield return ("GET", "/api/v1/users/{nvan.ldld}", null, Admins, true);
        yield return ("GET", "/api/v1/audit", null, Admins, true);
        yield return ("GET", "/api/v1/audit/verify", null, RootOnly, true);
        yield return ("POST", "/api/v1/organizations", new { code = "sai ma", name = "X", parentCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/organizations", new { code = "sai ma", name = "X", parentCode = "I02.01" }, RootOnly, true);
        yield return ("PUT", "/api/v1/organizations/I02.36", new { name = "" }, Admins, true);
        yield return ("PUT", "/api/v1/organizations/I02", new { name = "" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/move", new { parentCode = "I02.36" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/deactivate", null, RootOnly, false);
        yield return ("DELETE", "/api/v1/organizations/I02.36", null, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/departments", new { code = "sai ma", name = "X" }, Admins, true);
        yield return ("POST", "/api/v1/organizations/I02/departments", new { code = "sai ma", name = "X" }, RootOnly, true);
        yield return ("POST", "/api/v1/organizations/I02.36/import", null, Admins, true);
        yield return ("POST", "/api/v1/users", new { fullName = "", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users", new { fullName = "", organizationCode = "I02" }, RootOnly, true);
        yield return ("POST", "/api/v1/users/propose-username", new { fullName = "Lê Văn Thử", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users/import?organizationCode=I02.36", null, Admins, true);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/roles", new { role = "Bogus", organizationCode = "I02.36" }, Admins, true);
        yield return ("POST", "/api/v1/users/{ntlan.tld}/roles", new { role = "Bogus", organizationCode = "I02" }, RootOnly, true);
        yield return ("DELETE", "/api/v1/users/{nvan.ldld}/roles/00000000-0000-0000-0000-000000000001", null, Admins, true);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/lock", null, Admins, false);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/unlock", null, Admins, false);
        yield return ("POST", "/api/v1/users/{nvan.ldld}/reset-password", null, Admins, false);
        yield return ("POST", "/api/v1/users/{ntlan.tld}/reset-password", null, RootOnly, false);
        yield return ("PUT", "/api/v1/departments/{VP@I02.36}", new { name = "" }, Admins, true);
        yield return ("PUT", "/api/v1/departments/{VP@I02}", new { name = "" }, RootOnly, true);
        yield return ("POST", "/api/v1/incoming", new { organizationCode = "I02.36", subject = "" }, ["htthu.ldld"], true);
        yield return ("POST", "/api/v1/incoming", new { organizationCode = "I02", subject = "" }, ["lthoa.tld"], true);
        yield return ("POST", "/api/v1/incoming/recognize", null, ["lthoa.tld", "htthu.ldld"], true); // clerks of any organ; no file: 400 after the check
        yield return ("GET", "/api/v1/incoming?organizationCode=I02.36", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/incoming/registers?organizationCode=I02", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", "/api/v1/incoming/inbox?view=to-handle", null, Everyone, true);
        yield return ("GET", "/api/v1/incoming/inbox/counts", null, Everyone, true);
        yield return ("GET", "/api/v1/incoming/search?q=cong%20van", null, Everyone, true);
        // Per-document and per-assignment steps (reassign, extensions, chase) are refused per document: IncomingFollowUpTests.
        yield return ("GET", "/api/v1/notifications", null, Everyone, true);
        yield return ("GET", "/api/v1/notifications/count", null, Everyone, true);
        yield return ("POST", "/api/v1/notifications/00000000-0000-0000-0000-000000000001/read", null, Everyone, true);
        yield return ("POST", "/api/v1/notifications/read-all", null, Everyone, true);
        yield return ("GET", "/api/v1/push/key", null, Everyone, true);
        yield return ("GET", "/api/v1/push/devices", null, Everyone, true);
        yield return ("POST", "/api/v1/push/devices", new { endpoint = "http://169.254.169.254/" }, Everyone, true);
        yield return ("DELETE", "/api/v1/push/devices/00000000-0000-0000-0000-000000000001", null, Everyone, true);
        yield return ("POST", "/api/v1/push/devices/00000000-0000-0000-0000-000000000001/test", null, Everyone, true);
        yield return ("GET", "/api/v1/outgoing/recipient-lists?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("POST", "/api/v1/outgoing/recipient-lists", new { organizationCode = "I02.36", name = "", codes = new[] { "I02.38" } }, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("GET", "/api/v1/directory", null, Everyone, true);
        yield return ("GET", "/api/v1/directory?organizationCode=I02.36&q=an", null, Everyone, true);
        yield return ("PUT", "/api/v1/directory/me", new { visibility = "Bogus" }, Everyone, true);
        yield return ("GET", "/api/v1/tasks?view=mine", null, Everyone, true);
        yield return ("GET", "/api/v1/tasks?view=to-evaluate", null, Everyone, true);
        // Heads give to the organ, department heads to their people; empty title: 400 after the access check.
        yield return ("POST", "/api/v1/tasks", new { organizationCode = "I02.36", title = "" }, ["pstoan.ldld", "lvbinh.ldld"], true);
        yield return ("POST", "/api/v1/tasks", new { organizationCode = "I02", title = "" }, ["tvhung.tld", "pmtuan.tld"], true);
        // Supervision: the organ's head; a department's head for the department.
        yield return ("GET", "/api/v1/tasks/supervision?organizationCode=I02.36", null, ["pstoan.ldld"], true);
        yield return ("GET", "/api/v1/tasks/supervision?organizationCode=I02.36&departmentCode=VP", null, ["pstoan.ldld", "lvbinh.ldld"], true);
        yield return ("GET", "/api/v1/tasks/supervision/list?organizationCode=I02.36&figure=open", null, ["pstoan.ldld"], true);
        yield return ("GET", "/api/v1/tasks/giao-ban?organizationCode=I02.36&month=2026-01", null, ["pstoan.ldld"], true);
        // The diary: everyone their own; another's for their heads only; summaries for heads.
        yield return ("GET", "/api/v1/diary", null, Everyone, true);
        yield return ("POST", "/api/v1/diary", new { text = "" }, Everyone, true); // 400: empty
        yield return ("GET", "/api/v1/diary?userName=nvan.ldld", null, ["nvan.ldld", "lvbinh.ldld", "pstoan.ldld"], true);
        yield return ("POST", "/api/v1/diary/weeks/2026-01-05/comment", new { userName = "nvan.ldld", text = "" }, ["lvbinh.ldld", "pstoan.ldld"], true); // 400
        yield return ("GET", "/api/v1/diary/summary?organizationCode=I02.36", null, ["pstoan.ldld"], true);
        yield return ("GET", "/api/v1/diary/summary?organizationCode=I02.36&departmentCode=VP", null, ["pstoan.ldld", "lvbinh.ldld"], true);
        yield return ("GET", "/api/v1/diary/summary/export?organizationCode=I02.36&format=xlsx", null, ["pstoan.ldld"], true);
        // Plans: the organ's head for the organ, a department's head for the department; read by the organ's people.
        yield return ("POST", "/api/v1/plans", new { organizationCode = "I02.36", period = "Year", year = 2026, title = "" }, ["pstoan.ldld"], true);
        yield return ("POST", "/api/v1/plans", new { organizationCode = "I02.36", departmentCode = "VP", period = "Year", year = 2026, title = "" }, ["lvbinh.ldld"], true);
        yield return ("GET", "/api/v1/plans?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        // Dossiers: the office drafts the catalogue; the organ's people read it and open dossiers; everyone lists their own.
        yield return ("POST", "/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year = 1999 }, ["pstoan.ldld", "htthu.ldld"], true); // 400: year
        yield return ("GET", $"/api/v1/dossiers/catalogues?organizationCode=I02.36&year={DateTime.UtcNow.Year}", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("POST", "/api/v1/dossiers", new { organizationCode = "I02.36", notation = "", title = "", permanent = true }, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("GET", "/api/v1/dossiers", null, Everyone, true);
        yield return ("GET", "/api/v1/dossiers/suggest?kind=Incoming&documentId=00000000-0000-0000-0000-000000000001", null, Everyone, true); // 400: no such document
        // The archive: the organ's archive (its clerk, where it names no archivist) and its head see what is due; the archive announces.
        yield return ("GET", "/api/v1/archive/due?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld"], true);
        yield return ("GET", "/api/v1/archive/due?organizationCode=I02", null, ["tvhung.tld", "lthoa.tld"], true);
        yield return ("POST", "/api/v1/archive/announce", new { organizationCode = "I02.36" }, ["htthu.ldld"], false);
        yield return ("POST", "/api/v1/archive/transfers", new { dossierIds = Array.Empty<string>() }, Everyone, true); // 400: nothing chosen
        yield return ("GET", "/api/v1/archive/transfers", null, Everyone, true);
        // Searching the archive: the organ's people; consultation requests: one's own, decided by the head (ArchiveUseTests per request).
        yield return ("GET", "/api/v1/archive/search?organizationCode=I02.36&q=ho%20so", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("GET", "/api/v1/archive/consults", null, Everyone, true);
        // Freezing: the head; what has expired and the destruction lists: the archive and the head; lists are made by the archive.
        yield return ("POST", "/api/v1/archive/holds", new { organizationCode = "I02.36", reference = "", dossierIds = Array.Empty<string>() }, ["pstoan.ldld"], true); // 400
        yield return ("GET", "/api/v1/archive/holds?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld"], true);
        yield return ("GET", "/api/v1/archive/expired?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld"], true);
        yield return ("POST", "/api/v1/archive/disposals", new { organizationCode = "I02.36", dossierIds = Array.Empty<string>() }, ["htthu.ldld"], true); // 400
        yield return ("GET", "/api/v1/archive/disposals?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld"], true);
        yield return ("GET", "/api/v1/archive/package?organizationCode=I02.36&year=1990", null, ["pstoan.ldld", "htthu.ldld"], true); // 404: nothing that year
        // The leaders' schedule: the organ's people read it; the office registers, departments' heads propose; the head approves.
        yield return ("GET", "/api/v1/schedules/week?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("GET", "/api/v1/schedules/week?organizationCode=I02", null, ["tvhung.tld", "lthoa.tld", "pmtuan.tld", "ntlan.tld"], true);
        yield return ("GET", "/api/v1/schedules/export?organizationCode=I02.36&format=xlsx", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("POST", "/api/v1/schedules/events", new { organizationCode = "I02.36", content = "" }, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld"], true); // 400
        yield return ("POST", "/api/v1/schedules/weeks/approve", new { organizationCode = "I02.36", weekStart = "1999-01-04" }, ["pstoan.ldld"], false);
        yield return ("POST", "/api/v1/schedules/resources", new { organizationCode = "I02.36", kind = "Room", name = "" }, ["pstoan.ldld", "htthu.ldld"], true); // 400
        yield return ("GET", "/api/v1/schedules/resources?organizationCode=I02.36", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("GET", "/api/v1/schedules/bookings", null, Everyone, true);
        yield return ("GET", "/api/v1/schedules/feeds", null, Everyone, true);
        // Meetings: the office prepares them; each reads those it is invited to (MeetingTests per meeting).
        yield return ("POST", "/api/v1/meetings", new { organizationCode = "I02.36", body = "GiaoBan", title = "" }, ["pstoan.ldld", "htthu.ldld"], true); // 400
        yield return ("POST", "/api/v1/meetings", new { organizationCode = "I02", body = "GiaoBan", title = "" }, ["tvhung.tld", "lthoa.tld"], true); // 400
        yield return ("GET", "/api/v1/meetings", null, Everyone, true);
        yield return ("POST", "/api/v1/schedules/feeds", new { organizationCode = "I02.36" }, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], false);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/export?organizationCode=I02.36&format=xlsx", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/export?organizationCode=I02&format=pdf", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", $"/api/v1/incoming/registers/{RegisterYear}/tracking?organizationCode=I02.36&format=pdf", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/incoming/00000000-0000-0000-0000-000000000001/slip", null, Everyone, true); // 404 for all: any reader of a document may
        // Outgoing documents, certificates, the "to register" queue: per organ and role. Per document: ResourceEndpoints.
        yield return ("GET", "/api/v1/outgoing/types", null, Everyone, true);
        // The organ's rule for its documents: read by its members and administrators, changed by its heads and administrators.
        yield return ("GET", "/api/v1/outgoing/policy?organizationCode=I02.36", null, [ProvinceAdmin, RootAdmin, .. NgheAnMembers], true);
        yield return ("PUT", "/api/v1/outgoing/policy?organizationCode=I02.36", new { types = new[] { new { typeName = "Không có" } } }, [ProvinceAdmin, RootAdmin, "pstoan.ldld"], true); // 400
        yield return ("PUT", "/api/v1/outgoing/policy?organizationCode=I02", new { types = new[] { new { typeName = "Không có" } } }, [RootAdmin, "tvhung.tld"], true);
        // The exchange's operations span every organ: the system administrator's alone.
        yield return ("GET", "/api/v1/exchange/messages", null, RootOnly, true);
        yield return ("GET", "/api/v1/exchange/messages?direction=Outbound&state=Failed", null, RootOnly, true);
        yield return ("GET", "/api/v1/exchange/metrics", null, RootOnly, true);
        yield return ("GET", $"/api/v1/exchange/messages/{Guid.Empty}", null, RootOnly, true);
        yield return ("POST", $"/api/v1/exchange/messages/{Guid.Empty}/retry", null, RootOnly, true);
        yield return ("POST", "/api/v1/outgoing", new { organizationCode = "I02.36", typeName = "Công văn", subject = "" }, NgheAnMembers, true); // 400: no signer
        yield return ("POST", "/api/v1/outgoing", new { organizationCode = "I02", typeName = "Công văn", subject = "" }, TldMembers, true);
        yield return ("GET", "/api/v1/outgoing?organizationCode=I02.36&view=mine", null, [ProvinceAdmin, .. NgheAnMembers], true);
        yield return ("GET", "/api/v1/outgoing?organizationCode=I02&view=to-sign", null, [RootAdmin, .. TldMembers], true);
        yield return ("GET", "/api/v1/outgoing/counts?organizationCode=I02.36", null, [ProvinceAdmin, .. NgheAnMembers], true);
        yield return ("GET", "/api/v1/outgoing/counts?organizationCode=I02", null, [RootAdmin, .. TldMembers], true);
        yield return ("GET", $"/api/v1/outgoing/register?organizationCode=I02.36&year={RegisterYear}&format=xlsx", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/certificates", null, Everyone, true);
        yield return ("POST", "/api/v1/certificates/token", new { certificate = "" }, Everyone, true); // one's own; 422: no certificate
        yield return ("POST", "/api/v1/certificates/remote", new { userId = "" }, Everyone, true); // one's own; 422: no identifier
        yield return ("GET", "/api/v1/certificates/hsm?organizationCode=I02.36", null, ["htthu.ldld", ProvinceAdmin, RootAdmin], true); // 409: no HSM configured here
        yield return ("POST", "/api/v1/certificates/hsm", new { organizationCode = "I02.36", keyReference = "x" }, ["htthu.ldld", ProvinceAdmin, RootAdmin], true);
        yield return ("POST", "/api/v1/certificates/hsm", new { organizationCode = "I02", keyReference = "x" }, ["lthoa.tld", RootAdmin], true);
        yield return ("POST", "/api/v1/certificates", new Upload("file", "khong-phai.p12"), Everyone, true); // a personal one: 422, not PKCS#12
        yield return ("POST", "/api/v1/certificates", new Upload("file", "khong-phai.p12", "I02.36"), ["htthu.ldld", ProvinceAdmin, RootAdmin], true);
        yield return ("POST", "/api/v1/certificates", new Upload("file", "khong-phai.p12", "I02"), ["lthoa.tld", RootAdmin], true);
        yield return ("GET", "/api/v1/incoming/arrivals?organizationCode=I02.36", null, ["htthu.ldld", "pstoan.ldld"], true);
        yield return ("GET", "/api/v1/incoming/arrivals?organizationCode=I02&all=true", null, ["lthoa.tld", "tvhung.tld"], true);
    }

    private static readonly string[] NgheAnMembers = ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"];
    private static readonly string[] TldMembers = ["tvhung.tld", "lthoa.tld", "pmtuan.tld", "ntlan.tld"];

    /// <summary>A multipart upload of a file that is not what the endpoint wants (so nothing is kept), with an organ code if given.</summary>
    public sealed record Upload(string Field, string FileName, string? OrganizationCode = null);

    /// <summary>
    /// Endpoints of one document, arrival or certificate: {draft} is a draft of Nghệ An's Văn phòng (officer nvan.ldld,
    /// signer pstoan.ldld) waiting for the signature; {arrival} a document of Nghệ An issued to the Confederation;
    /// {comment} asks lvbinh.ldld's opinion on {draft}. A reader without the role is refused with 403; anyone else finds
    /// nothing (404). Inputs fail after the check, so those allowed change nothing.
    /// </summary>
    public static IEnumerable<(string Method, string Url, object? Body, string[] Allowed, bool RunAllowed)> ResourceEndpoints()
    {
        string[] readers = ["nvan.ldld", "lvbinh.ldld", "pstoan.ldld", "htthu.ldld"];
        yield return ("GET", "/api/v1/outgoing/{draft}", null, readers, true);
        yield return ("PUT", "/api/v1/outgoing/{draft}", new { organizationCode = "I02.36", subject = "" }, ["nvan.ldld"], true); // 409: no longer a draft
        yield return ("POST", "/api/v1/outgoing/{draft}/versions", new Upload("file", "a.txt"), ["nvan.ldld"], true);
        yield return ("GET", "/api/v1/outgoing/{draft}/file?version=1", null, readers, true);
        yield return ("POST", "/api/v1/outgoing/{draft}/appendices", new Upload("file", "a.txt"), ["nvan.ldld"], true); // 409: no longer a draft
        yield return ("DELETE", "/api/v1/outgoing/{draft}/appendices/00000000-0000-0000-0000-000000000001", null, ["nvan.ldld"], true); // 409
        yield return ("POST", "/api/v1/outgoing/{draft}/comments", new { userName = "khong.co" }, ["nvan.ldld", "lvbinh.ldld", "pstoan.ldld"], true);
        yield return ("POST", "/api/v1/outgoing/comments/{comment}/reply", new { text = "" }, ["lvbinh.ldld"], true);
        yield return ("POST", "/api/v1/outgoing/{draft}/submit", null, ["nvan.ldld"], true); // 409
        yield return ("POST", "/api/v1/outgoing/{draft}/approve", null, readers, true); // 409: past review; reviewers' roles: OutgoingFlowTests
        yield return ("POST", "/api/v1/outgoing/{draft}/return", new { reason = "" }, ["pstoan.ldld"], true); // the signer; 400: no reason
        yield return ("POST", "/api/v1/outgoing/{draft}/sign", new { pin = "" }, ["pstoan.ldld"], true); // 422: wrong PIN
        yield return ("POST", "/api/v1/outgoing/{draft}/sign/prepare", null, ["pstoan.ldld"], true); // 409: the demo key is kept here (PIN)
        yield return ("POST", "/api/v1/outgoing/{draft}/sign/complete", new { pendingId = Guid.Empty, signature = "" }, ["pstoan.ldld"], true); // 400
        yield return ("POST", "/api/v1/outgoing/{draft}/sign/remote", new { pendingId = Guid.Empty }, ["pstoan.ldld"], true); // 400
        yield return ("POST", "/api/v1/outgoing/{draft}/paper-number", null, ["htthu.ldld"], false); // would number the draft: run for those refused only (PaperSignedTests for the clerk)
        yield return ("POST", "/api/v1/outgoing/{draft}/paper-issue", new Upload("file", "ban-quet.pdf"), ["htthu.ldld"], true); // 409
        // Ký lô: anyone may ask, each document is then refused on its own unless the asker signs it (BatchSigningTests); 400 here: no documents.
        yield return ("POST", "/api/v1/outgoing/sign-batch", new { ids = Array.Empty<Guid>(), pin = "x" }, Everyone, true);
        yield return ("POST", "/api/v1/outgoing/sign-batch/prepare", new { ids = Array.Empty<Guid>() }, Everyone, true);
        yield return ("POST", "/api/v1/outgoing/sign-batch/complete", new { items = Array.Empty<object>() }, Everyone, true);
        yield return ("POST", "/api/v1/outgoing/{draft}/issue", new { pin = "" }, ["htthu.ldld"], true); // 409: not signed
        yield return ("POST", "/api/v1/outgoing/{draft}/recall", new { reason = "" }, ["htthu.ldld", "pstoan.ldld"], true); // 409: not issued
        yield return ("POST", "/api/v1/outgoing/{draft}/unpublish", new { reason = "" }, ["htthu.ldld", "pstoan.ldld"], true); // 409: not published
        yield return ("POST", "/api/v1/outgoing/{draft}/recipients/00000000-0000-0000-0000-000000000001/paper-sent", new { }, ["htthu.ldld"], true); // 409: not issued
        // A task the head of Nghệ An gave to its Văn phòng: the head and the department's head, nobody else.
        string[] taskReaders = ["pstoan.ldld", "lvbinh.ldld"];
        yield return ("GET", "/api/v1/tasks/{task}", null, taskReaders, true);
        yield return ("GET", "/api/v1/tasks/{task}/trail", null, taskReaders, true);
        yield return ("GET", "/api/v1/tasks/{task}/files", null, taskReaders, true);
        yield return ("POST", "/api/v1/tasks/{task}/files", new Upload("files", "a.txt"), taskReaders, true); // the giver and the lead department: 415
        yield return ("POST", "/api/v1/tasks/{task}/subtasks", new { targets = Array.Empty<object>() }, ["lvbinh.ldld"], true); // 400: no lead
        yield return ("POST", "/api/v1/tasks/{task}/progress", new { percent = 500, text = "x" }, ["lvbinh.ldld"], true); // 400
        yield return ("POST", "/api/v1/tasks/{task}/part-done", new { text = "x" }, [], false); // no co-handler
        yield return ("POST", "/api/v1/tasks/{task}/report-done", new { result = "" }, ["lvbinh.ldld"], true); // 400
        yield return ("POST", "/api/v1/tasks/{task}/evaluate", new { accept = true }, ["pstoan.ldld"], true); // 409: not reported
        yield return ("POST", "/api/v1/tasks/{task}/chase", new { text = new string('x', 1001) }, ["pstoan.ldld"], true); // 400
        yield return ("POST", "/api/v1/tasks/{task}/reassign", new { assigneeId = "{taskpart}", departmentCode = "VP" }, ["pstoan.ldld"], true); // 409: same
        yield return ("POST", "/api/v1/tasks/{task}/cancel", new { text = "" }, ["pstoan.ldld"], true); // 400
        yield return ("POST", "/api/v1/tasks/{task}/extensions", new { reason = "x" }, ["lvbinh.ldld"], true); // 400: no deadline
        yield return ("POST", "/api/v1/tasks/extensions/{taskext}/decide", new { grant = false }, ["pstoan.ldld"], true); // 400: no reason
        yield return ("GET", "/api/v1/plans/{plan}", null, ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"], true);
        yield return ("POST", "/api/v1/plans/{plan}/issue", null, ["pstoan.ldld"], false);
        // A dossier nvan keeps: he, his department's head and the organ's head read it; only he changes it.
        string[] dossierReaders = ["nvan.ldld", "lvbinh.ldld", "pstoan.ldld"];
        yield return ("GET", "/api/v1/dossiers/{dossier}", null, dossierReaders, true);
        yield return ("GET", "/api/v1/dossiers/{dossier}/contents?format=xlsx", null, dossierReaders, true);
        yield return ("GET", "/api/v1/dossiers/{dossier}/package", null, dossierReaders, true);
        yield return ("POST", "/api/v1/dossiers/{dossier}/items", new { kind = "Incoming", documentId = "00000000-0000-0000-0000-000000000001" }, ["nvan.ldld"], true); // 400
        yield return ("POST", "/api/v1/dossiers/{dossier}/files", new Upload("files", "a.txt"), ["nvan.ldld"], true); // 415: not a file it keeps
        yield return ("DELETE", "/api/v1/dossiers/{dossier}/items/00000000-0000-0000-0000-000000000001", null, ["nvan.ldld"], false);
        yield return ("POST", "/api/v1/dossiers/{dossier}/close", new { }, ["nvan.ldld"], true); // 409: empty
        yield return ("POST", "/api/v1/dossiers/{dossier}/keep-back", new { reason = "" }, ["pstoan.ldld"], true); // 400: no reason
        yield return ("POST", "/api/v1/dossiers/{dossier}/keeper", new { userName = "" }, ["pstoan.ldld", "htthu.ldld"], true); // 400: nobody named
        // A transfer nvan sent to the archive: he, the archive and the head read it; only the archive checks and records it.
        string[] transferReaders = ["nvan.ldld", "htthu.ldld", "pstoan.ldld"];
        yield return ("GET", "/api/v1/archive/transfers/{transfer}", null, transferReaders, true);
        yield return ("GET", "/api/v1/archive/transfers/{transfer}/list?format=xlsx", null, transferReaders, true);
        yield return ("POST", "/api/v1/archive/transfers/{transfer}/items/{transferitem}/decide", new { accept = false }, ["htthu.ldld"], true); // 400: no reason
        yield return ("POST", "/api/v1/archive/transfers/{transfer}/record", new { }, ["htthu.ldld"], true); // 400: not checked yet
        yield return ("POST", "/api/v1/archive/transfers/{transfer}/sign", new { pin = "" }, transferReaders, true); // 409: no record yet
        // Next year's catalogue of Nghệ An, a draft: its people read it, the office edits it, the head approves.
        string[] organ = ["pstoan.ldld", "htthu.ldld", "lvbinh.ldld", "nvan.ldld"];
        yield return ("GET", "/api/v1/dossiers/catalogues/{catalogue}", null, organ, true);
        yield return ("GET", "/api/v1/dossiers/catalogues/{catalogue}/export?format=xlsx", null, organ, true);
        yield return ("POST", "/api/v1/dossiers/catalogues/{catalogue}/headings", new { title = "" }, ["pstoan.ldld", "htthu.ldld"], true); // 400
        yield return ("POST", "/api/v1/dossiers/catalogues/{catalogue}/approve", new { }, ["pstoan.ldld"], true); // 400: nothing in it
        yield return ("POST", "/api/v1/dossiers/catalogues/{catalogue}/issue", null, ["pstoan.ldld", "htthu.ldld"], true); // 409: not approved
        // A line of nvan's diary: his to change; for anyone else it does not exist.
        yield return ("PUT", "/api/v1/diary/{diaryline}", new { text = "Sửa dòng nhật ký" }, ["nvan.ldld"], true);
        yield return ("DELETE", "/api/v1/diary/{diaryline}", null, ["nvan.ldld"], false);
        yield return ("GET", "/api/v1/incoming/arrivals/{arrival}", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", "/api/v1/incoming/arrivals/{arrival}/file", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("GET", "/api/v1/incoming/arrivals/{arrival}/files/0", null, ["lthoa.tld", "tvhung.tld"], true);
        yield return ("POST", "/api/v1/incoming/arrivals/{arrival}/accept", new { }, ["lthoa.tld"], false);
        yield return ("POST", "/api/v1/incoming/arrivals/{arrival}/refuse", new { reason = "" }, ["lthoa.tld"], true);
        yield return ("POST", "/api/v1/incoming/arrivals/{arrival}/recall", new { accept = true }, ["lthoa.tld"], true); // no recall asked: 409 for the clerk, refused for others
        yield return ("POST", "/api/v1/incoming/arrivals/{arrival}/update", new { accept = true }, ["lthoa.tld"], true); // no update sent: 409
        yield return ("POST", "/api/v1/certificates/{cert:pstoan.ldld}/image", new Upload("image", "a.png"), ["pstoan.ldld"], true);
        yield return ("POST", "/api/v1/certificates/{cert:I02.36}/image", new Upload("image", "a.png"), ["htthu.ldld", ProvinceAdmin, RootAdmin], true);
    }

    public static IEnumerable<object[]> ResourceCases() =>
        ResourceEndpoints().SelectMany((e, i) => Users.Where(u => e.RunAllowed || !e.Allowed.Contains(u))
            .Select(u => new object[] { i, e.Method, e.Url, u, e.Allowed.Contains(u) }));

    public static IEnumerable<object[]> ResourceEndpointCases() => ResourceEndpoints().Select((e, i) => new object[] { i, e.Method, e.Url });

    [Theory]
    [MemberData(nameof(ResourceCases))]
    public async Task ResourceEndpoint_IsReachedByItsPeople_Only(int row, string method, string url, string user, bool allowed)
    {
        var body = await ResolveResourceBodyAsync(ResourceEndpoints().ElementAt(row).Body);
        using var client = await app.ClientAsAsync(user);
        var response = await SendAsync(client, method, await ResolveResourceAsync(url), body);
        var text = await response.Content.ReadAsStringAsync();
        if (allowed)
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound),
                $"{user} should reach {method} {url} but got {(int)response.StatusCode}: {text}");
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{user} should be refused {method} {url} but got {(int)response.StatusCode}: {text}");
            Assert.False(string.IsNullOrEmpty(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()));
        }
    }

    [Theory]
    [MemberData(nameof(ResourceEndpointCases))]
    public async Task ResourceEndpoint_WithoutAToken_IsRefused(int row, string method, string url)
    {
        using var anon = app.CreateClient();
        var response = await SendAsync(anon, method, await ResolveResourceAsync(url), ResourceEndpoints().ElementAt(row).Body);
        await response.ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AppFixture, Task<Dictionary<string, string>>> Resources = new();

    private async Task<string> ResolveResourceAsync(string url)
    {
        var ids = await Resources.GetValue(app, a => CreateResourcesAsync(a));
        foreach (var (k, v) in ids) url = url.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return url;
    }

    /// <summary>A JSON body naming a resource ("{taskpart}") carries its id.</summary>
    private async Task<object?> ResolveResourceBodyAsync(object? body)
    {
        if (body is null or Upload) return body;
        var json = await ResolveResourceAsync(System.Text.Json.JsonSerializer.Serialize(body));
        return System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();
    }

    private static async Task<Dictionary<string, string>> CreateResourcesAsync(AppFixture app)
    {
        var draft = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v ma trận quyền văn bản đi", "I02");
        using var officer = await app.ClientAsAsync("nvan.ldld");
        var comment = (await (await officer.PostJsonAsync($"/api/v1/outgoing/{draft}/comments", new { userName = "lvbinh.ldld" })).JsonAsync(HttpStatusCode.OK)).Str("id");
        (await officer.PostJsonAsync($"/api/v1/outgoing/{draft}/submit")).EnsureSuccessStatusCode();
        using var dh = await app.ClientAsAsync("lvbinh.ldld");
        (await dh.PostJsonAsync($"/api/v1/outgoing/{draft}/approve")).EnsureSuccessStatusCode();
        using var clerk = await app.ClientAsAsync("htthu.ldld");
        (await clerk.PostJsonAsync($"/api/v1/outgoing/{draft}/approve")).EnsureSuccessStatusCode();

        var issued = await Outgoing.OutgoingFlowTests.DraftAsync(app, "V/v ma trận quyền văn bản chờ tiếp nhận", "I02");
        await Outgoing.OutgoingFlowTests.SignAsync(app, issued);
        var number = (await (await clerk.PostJsonAsync($"/api/v1/outgoing/{issued}/issue", new { pin = Outgoing.OutgoingFlowTests.Pin })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("number").GetInt64();
        using var tldClerk = await app.ClientAsAsync("lthoa.tld");
        var arrival = (await (await tldClerk.GetAsync("/api/v1/incoming/arrivals?organizationCode=I02")).JsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Single(a => a.GetProperty("number").GetInt64() == number && a.Str("senderCode") == "I02.36").Str("id");
        var personal = await app.WithDbAsync(db => db.SigningCertificates.Where(c => c.IsActive && db.Users.Any(u => u.Id == c.UserId && u.UserName == "pstoan.ldld"))
            .Select(c => c.Id).FirstAsync());
        var organ = await app.WithDbAsync(db => db.SigningCertificates.Where(c => c.IsActive && db.Organizations.Any(o => o.Id == c.OrganizationId && o.Code == "I02.36"))
            .Select(c => c.Id).FirstAsync());
        using var head = await app.ClientAsAsync("pstoan.ldld");
        var deadline = UnionOffice.Common.Formats.Today(app.Clock).AddDays(30).ToString("yyyy-MM-dd");
        var task = (await (await head.PostJsonAsync("/api/v1/tasks", new
        {
            organizationCode = "I02.36", title = "Việc của ma trận quyền", deadline, targets = new[] { new { kind = "Lead", departmentCode = "VP" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var taskPart = (await (await head.GetAsync($"/api/v1/tasks/{task}")).JsonAsync(HttpStatusCode.OK)).GetProperty("parts")[0].Str("id");
        var taskExt = (await (await dh.PostJsonAsync($"/api/v1/tasks/{task}/extensions", new
        {
            deadline = UnionOffice.Common.Formats.Today(app.Clock).AddDays(40).ToString("yyyy-MM-dd"), reason = "Chờ số liệu",
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var plan = (await (await head.PostJsonAsync("/api/v1/plans", new
        {
            organizationCode = "I02.36", period = "Year", year = UnionOffice.Common.Formats.Today(app.Clock).Year, title = "Kế hoạch của ma trận quyền",
            items = new[] { new { title = "Việc", leadDepartmentCode = "VP", recurrence = "None" } },
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var diaryLine = (await (await officer.PostJsonAsync("/api/v1/diary", new { text = "Dòng nhật ký của ma trận quyền" })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var dossier = (await (await officer.PostJsonAsync("/api/v1/dossiers", new
        {
            organizationCode = "I02.36", notation = "99.MT", title = "Hồ sơ của ma trận quyền", permanent = true,
        })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var catalogue = (await (await clerk.PostJsonAsync("/api/v1/dossiers/catalogues", new { organizationCode = "I02.36", year = UnionOffice.Common.Formats.Today(app.Clock).Year + 1 }))
            .JsonAsync(HttpStatusCode.Created)).Str("id");
        var sent = await Dossiers.DossierSteps.ClosedAsync(app, "nvan.ldld", "98.MT", "Hồ sơ nộp lưu của ma trận quyền", null, 20);
        var transfer = (await (await officer.PostJsonAsync("/api/v1/archive/transfers", new { dossierIds = new[] { sent } })).JsonAsync(HttpStatusCode.Created)).Str("id");
        var transferItem = (await (await clerk.GetAsync($"/api/v1/archive/transfers/{transfer}")).JsonAsync(HttpStatusCode.OK)).GetProperty("items")[0].Str("id");
        return new()
        {
            ["transfer"] = transfer, ["transferitem"] = transferItem,
            ["task"] = task, ["plan"] = plan, ["diaryline"] = diaryLine, ["dossier"] = dossier, ["catalogue"] = catalogue, ["taskpart"] = taskPart, ["taskext"] = taskExt,
            ["draft"] = draft, ["comment"] = comment, ["arrival"] = arrival,
            ["cert:pstoan.ldld"] = personal.ToString(), ["cert:I02.36"] = organ.ToString(),
        };
    }

    public static IEnumerable<object[]> Cases() =>
        Endpoints().SelectMany((e, i) => Users.Where(u => e.RunAllowed || !e.Allowed.Contains(u))
            .Select(u => new object[] { i, e.Method, e.Url, u, e.Allowed.Contains(u) }));

    public static IEnumerable<object[]> EndpointCases() => Endpoints().Select((e, i) => new object[] { i, e.Method, e.Url });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_IsReachedByTheRightRolesOfTheRightOrgan_Only(int row, string method, string url, string user, bool allowed)
    {
        var body = Endpoints().ElementAt(row).Body;
        using var client = await app.ClientAsAsync(user);
        var response = await SendAsync(client, method, await app.ResolveAsync(url), body);
        if (allowed)
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{user} should reach {method} {url} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        else
            await response.ErrorAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Endpoint_WithoutAToken_IsRefused(int row, string method, string url)
    {
        using var anon = app.CreateClient();
        var body = Endpoints().ElementAt(row).Body;
        var response = await SendAsync(anon, method, await app.ResolveAsync(url), body);
        await response.ErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient c, string method, string url, object? body) => (method, body) switch
    {
        ("POST", Upload u) => c.PostAsync(url, Multipart(u)),
        ("GET", _) => c.GetAsync(url),
        ("DELETE", _) => c.DeleteAsync(url),
        ("PUT", _) => c.PutAsJsonAsync(url, body ?? new { }),
        _ => c.PostAsJsonAsync(url, body ?? new { }),
    };

    private static MultipartFormDataContent Multipart(Upload u)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent("không phải tệp đúng loại"u8.ToArray()), u.Field, u.FileName } };
        if (u.OrganizationCode is not null) form.Add(new StringContent(u.OrganizationCode), "organizationCode");
        return form;
    }
}

public sealed class AccessMatrixTestsSqlite(SqliteAppFixture f) : AccessMatrixTests(f), IClassFixture<SqliteAppFixture>;
public sealed class AccessMatrixTestsPostgres(PostgresAppFixture f) : AccessMatrixTests(f), IClassFixture<PostgresAppFixture>;
