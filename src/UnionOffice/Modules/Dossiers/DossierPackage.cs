using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.Modules.Dossiers;

/// <summary>
/// A dossier as one package that outlives the system (NĐ30 Phụ lục VI III.4g, III.5e): every document's files as they
/// are kept (a signed PDF byte for byte, so its signatures verify anywhere), the drafts of outgoing documents, the metadata
/// of Phụ lục VI Phần II §II–III as XML with its schema, the processing history, and SHA256SUMS — checked on any computer
/// with <c>sha256sum -c SHA256SUMS</c>, <c>xmllint --schema hoso.xsd hoso.xml</c> and <c>pdfsig</c>. Format:
/// docs/dossier-package.md.
/// </summary>
public sealed class DossierPackage(AppDbContext db, DossierService dossiers, IFileStore store, Auditor audit, Access.AccessPolicy access, Signing.ValidationData validation)
{
    public const string Namespace = "urn:unionoffice:hoso:1";

    /// <summary>The package in a temporary file (deleted when the stream closes): a dossier may hold hundreds of megabytes.</summary>
    public async Task<(Stream Content, string FileName)> BuildAsync(Guid id, CancellationToken ct)
    {
        var temp = TempFile();
        var sums = new List<(string Path, string Sha)>();
        DossierDto d;
        using (var zip = new ZipArchive(temp, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            d = await WriteAsync(zip, "", id, sums, ct);
            await SumsAsync(zip, sums, ct);
        }
        audit.Record("dossier.package.exported", await db.Dossiers.Where(x => x.Id == id).Select(x => x.OrganizationId).FirstAsync(ct), "dossier", id.ToString(),
            new { files = sums.Count });
        await db.SaveChangesAsync(ct);
        temp.Position = 0;
        return (temp, $"Hồ sơ {d.Notation.Replace('/', '-')} năm {d.Year}.zip");
    }

    /// <summary>
    /// A whole year of the organ's archive as one package (Phụ lục VI III.5e): every dossier of that year in the archive, each
    /// in its own folder as its own package (files, hoso.xml, quatrinh.xml, hoso.xsd), the list of them in mucluc.xml, and
    /// one SHA256SUMS over everything — for the organ's archive and heads.
    /// </summary>
    public async Task<(Stream Content, string FileName)> BuildYearAsync(string? organizationCode, int year, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().ByCodeAsync(organizationCode ?? "", ct);
        if (!await access.IsArchiveOrHeadAsync(org.Id, ct)) throw new DomainException(Error.Forbidden);
        var ids = await db.Dossiers.AsNoTracking().Where(x => x.OrganizationId == org.Id && x.Year == year && x.Status == DossierStatus.Archived)
            .OrderBy(x => x.Notation).Select(x => new { x.Id, x.Notation }).ToListAsync(ct);
        if (ids.Count == 0) throw new DomainException(new Error("ARCHIVE_YEAR_EMPTY", $"Lưu trữ cơ quan chưa có hồ sơ nào của năm {year}.", 404));
        var temp = TempFile();
        var sums = new List<(string Path, string Sha)>();
        using (var zip = new ZipArchive(temp, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            var listed = new List<(string Folder, DossierDto Dossier)>();
            var n = 0;
            foreach (var x in ids)
            {
                // Folders sort as the list does and read as the notation: hoso/001-01-VP/.
                var folder = $"hoso/{++n:000}-{new string(VietnameseText.Fold(x.Notation).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())}/";
                listed.Add((folder, await WriteAsync(zip, folder, x.Id, sums, ct)));
            }
            Add(zip, sums, "mucluc.xml", YearXml(org.Code, org.Name, year, listed));
            Add(zip, sums, "DOC-TRUOC.txt", $"""
                LƯU TRỮ CƠ QUAN {org.Name.ToUpper(Formats.Vi)}: HỒ SƠ NĂM {year}
                {listed.Count} hồ sơ, mỗi hồ sơ một thư mục trong hoso/ (danh sách: mucluc.xml).

                Gói này tự kiểm tra được trên máy tính bất kỳ, không cần phần mềm UnionOffice:
                  1. Toàn vẹn mọi tệp:      sha256sum -c SHA256SUMS
                  2. Dữ liệu đặc tả:        xmllint --noout --schema hoso/<thư mục>/hoso.xsd hoso/<thư mục>/hoso.xml
                  3. Chữ ký số trên PDF:    pdfsig hoso/<thư mục>/vanban/<số thứ tự>/<tệp>.pdf
                """);
            await SumsAsync(zip, sums, ct);
        }
        audit.Record("archive.year.exported", org.Id, "organization", org.Id.ToString(), new { year, dossiers = ids.Count, files = sums.Count });
        await db.SaveChangesAsync(ct);
        temp.Position = 0;
        return (temp, $"Lưu trữ {org.Code} năm {year}.zip");
    }

    private static FileStream TempFile() =>
        new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);

    private static async Task SumsAsync(ZipArchive zip, List<(string Path, string Sha)> sums, CancellationToken ct)
    {
        var list = new StringBuilder();
        foreach (var (path, sha) in sums) list.Append(sha).Append("  ").Append(path).Append('\n');
        var entry = zip.CreateEntry("SHA256SUMS", CompressionLevel.Optimal);
        await using var s = entry.Open();
        await s.WriteAsync(Encoding.ASCII.GetBytes(list.ToString()), ct);
    }

    private static string YearXml(string orgCode, string orgName, int year, List<(string Folder, DossierDto Dossier)> listed) => Xml(w =>
    {
        w.WriteStartElement("MucLucHoSo", Namespace);
        w.WriteElementString("OrganId", Namespace, orgCode);
        w.WriteElementString("OrganName", Namespace, orgName);
        w.WriteElementString("Year", Namespace, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (folder, d) in listed)
        {
            w.WriteStartElement("HoSo", Namespace);
            w.WriteAttributeString("folder", folder.TrimEnd('/'));
            w.WriteElementString("FileNotation", Namespace, d.Notation);
            w.WriteElementString("Title", Namespace, d.Title);
            w.WriteElementString("Maintenance", Namespace, d.Retention);
            w.WriteElementString("Creator", Namespace, d.Keeper);
            w.WriteElementString("DocTotal", Namespace, d.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    /// <summary>One dossier's package under <paramref name="prefix"/>: its files, hoso.xml, quatrinh.xml, hoso.xsd, DOC-TRUOC.txt.</summary>
    private async Task<DossierDto> WriteAsync(ZipArchive zip, string prefix, Guid id, List<(string Path, string Sha)> sums, CancellationToken ct)
    {
        var d = await dossiers.GetAsync(id, ct); // who may read it, may take it
        var d0 = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var orgCode = d.OrganizationCode;
        var docsXml = new StringBuilder();
        var history = new List<Event>();
        var pageTotal = 0;
        var longTerm = false;
        foreach (var item in d.Items)
        {
            // Paths in hoso.xml are relative to it, so a dossier's folder of a year's package is a package by itself.
            var folder = $"vanban/{item.Ordinal:000}";
            var files = new List<(string Name, string Sha, string Role)>();
            switch (item.Kind)
            {
                case nameof(DossierItemKind.Incoming):
                    foreach (var f in await db.DocumentFiles.AsNoTracking().Where(f => f.OwnerType == Incoming.IncomingFiles.OwnerType && f.OwnerId == item.RefId)
                                 .OrderBy(f => f.UploadedAt).ToListAsync(ct))
                        files.Add((f.FileName, f.Sha256, "van-ban"));
                    history.AddRange((await (from t in db.IncomingTrail.AsNoTracking()
                                             join u in db.Users on t.ActorUserId equals u.Id
                                             where t.DocumentId == item.RefId
                                             select new { t.At, u.FullName, t.Action, t.Text }).ToListAsync(ct))
                        .Select(t => new Event(item.Ordinal, t.At, t.FullName, Incoming.IncomingText.Action(t.Action), t.Text)));
                    break;
                case nameof(DossierItemKind.Outgoing):
                    var o = await db.OutgoingDocuments.AsNoTracking().FirstAsync(x => x.Id == item.RefId, ct);
                    if (o.IssuedSha256 is { } issued) files.Add((Outgoing.OutgoingDocument.IssuedFileName(o.Number, o.Notation), issued, "van-ban-phat-hanh"));
                    foreach (var a in await db.OutgoingAppendices.AsNoTracking().Where(a => a.DocumentId == o.Id).OrderBy(a => a.Order).ToListAsync(ct))
                        files.Add((a.FileName, a.IssuedSha256 ?? a.PdfSha256, "phu-luc"));
                    // Its drafts, comments and approvals go with it (Phụ lục VI III.5a).
                    foreach (var v in await db.OutgoingVersions.AsNoTracking().Where(v => v.DocumentId == o.Id).OrderBy(v => v.Number).ToListAsync(ct))
                        files.Add(($"du-thao-{v.Number}-{v.FileName}", v.PdfSha256, "du-thao"));
                    history.AddRange((await (from t in db.OutgoingTrail.AsNoTracking()
                                             join u in db.Users on t.ActorUserId equals u.Id
                                             where t.DocumentId == o.Id
                                             select new { t.At, u.FullName, t.Action, t.Text }).ToListAsync(ct))
                        .Select(t => new Event(item.Ordinal, t.At, t.FullName, Outgoing.OutgoingText.Action(t.Action), t.Text)));
                    history.AddRange((await (from c in db.OutgoingComments.AsNoTracking()
                                             join u in db.Users on c.AskedUserId equals u.Id
                                             where c.DocumentId == o.Id && c.AnsweredAt != null
                                             select new { c.AnsweredAt, u.FullName, c.Answer }).ToListAsync(ct))
                        .Select(c => new Event(item.Ordinal, c.AnsweredAt!.Value, c.FullName, "Góp ý dự thảo", c.Answer)));
                    break;
                default:
                    if (await db.DocumentFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == item.RefId, ct) is { } file) files.Add((file.FileName, file.Sha256, "tai-lieu"));
                    break;
            }
            pageTotal += item.Pages ?? 0;
            // A signed PDF goes with its validation data refreshed and a document time-stamp (B-LTA): an incremental update,
            // the signed revisions byte for byte inside it; hoso.xml keeps the system's copy's hash as originalSha256.
            var entries = new List<(string Name, string Sha, string Role, byte[]? Archival, string? OriginalSha)>();
            foreach (var (name, sha, role) in files)
            {
                if (role != "du-thao" && name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)
                    && await validation.ForArchiveAsync(await store.ReadAllBytesAsync(sha, ct), ct) is { Added: true } archival)
                    entries.Add((name, Convert.ToHexStringLower(SHA256.HashData(archival.Pdf)), role, archival.Pdf, sha));
                else entries.Add((name, sha, role, null, null));
            }
            longTerm |= entries.Any(e => e.Archival is not null);
            docsXml.Append(DocumentXml(item, entries.Select((f, i) => (Path: $"{folder}/{i + 1:00}-{Safe(f.Name)}", f.Sha, f.Role, f.Name, f.OriginalSha)).ToList()));
            var n = 0;
            foreach (var (name, sha, _, archivalBytes, _) in entries)
            {
                var path = $"{prefix}{folder}/{++n:00}-{Safe(name)}";
                await using (var dst = zip.CreateEntry(path, CompressionLevel.Optimal).Open())
                {
                    if (archivalBytes is not null) await dst.WriteAsync(archivalBytes, ct);
                    else
                    {
                        await using var src = await store.OpenReadAsync(sha, ct);
                        await src.CopyToAsync(dst, ct);
                    }
                }
                sums.Add((path, sha));
            }
        }
        history.AddRange((await (from t in db.Trail.AsNoTracking()
                                 join u in db.Users on t.ActorUserId equals u.Id
                                 where t.Scope == "dossier" && t.SubjectId == id
                                 select new { t.At, u.FullName, t.Action, t.Text }).ToListAsync(ct))
            .Select(t => new Event(0, t.At, t.FullName, DossierText.Action(t.Action), t.Text)));
        Add(zip, sums, prefix + "hoso.xml", DossierXml(d, d0, orgCode, pageTotal, docsXml.ToString()));
        Add(zip, sums, prefix + "quatrinh.xml", HistoryXml(history));
        Add(zip, sums, prefix + "hoso.xsd", Schema);
        Add(zip, sums, prefix + "DOC-TRUOC.txt", Readme(d, longTerm));
        return d;
    }

    private static void Add(ZipArchive zip, List<(string Path, string Sha)> sums, string path, string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        using (var s = zip.CreateEntry(path, CompressionLevel.Optimal).Open()) s.Write(bytes);
        sums.Add((path, Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }

    /// <summary>A file name that any file system and any zip reader takes: the Vietnamese folded to ASCII, nothing else.</summary>
    private static string Safe(string name)
    {
        var folded = VietnameseText.Fold(Path.GetFileNameWithoutExtension(name)).Replace(' ', '-');
        var ext = Path.GetExtension(name).ToLowerInvariant();
        var clean = new string(folded.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
        if (clean.Length == 0) clean = "tep";
        if (clean.Length > 60) clean = clean[..60];
        return clean + (ext.Length is > 1 and <= 6 && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext : "");
    }

    private static string Xml(Action<XmlWriter> body)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            body(w);
        }
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static string DossierXml(DossierDto d, Dossier d0, string orgCode, int pageTotal, string documents) => Xml(w =>
    {
        w.WriteStartElement("HoSo", Namespace);
        w.WriteStartElement("FileCode", Namespace);
        w.WriteElementString("OrganId", Namespace, orgCode);
        w.WriteElementString("FileCatalog", Namespace, d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteElementString("FileNotation", Namespace, d.Notation);
        w.WriteEndElement();
        w.WriteElementString("Title", Namespace, d.Title);
        w.WriteElementString("Maintenance", Namespace, d.Retention);
        w.WriteElementString("Rights", Namespace, d.Rights);
        w.WriteElementString("Creator", Namespace, d.Keeper);
        w.WriteElementString("Language", Namespace, d.Language);
        w.WriteElementString("StartDate", Namespace, d.StartDate.ToString("yyyy-MM-dd"));
        if (d.EndDate is { } end) w.WriteElementString("EndDate", Namespace, end.ToString("yyyy-MM-dd"));
        w.WriteElementString("DocTotal", Namespace, d.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteElementString("PageTotal", Namespace, pageTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (d.Description is not null) w.WriteElementString("Description", Namespace, d.Description);
        w.WriteElementString("Status", Namespace, d0.Status switch
        {
            DossierStatus.Open => "open",
            DossierStatus.Archived => "archived",
            _ => "closed",
        });
        w.WriteStartElement("Documents", Namespace);
        w.WriteRaw(documents);
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static string DocumentXml(DossierItemDto item, List<(string Path, string Sha, string Role, string Name, string? OriginalSha)> files) => Xml(w =>
    {
        w.WriteStartElement("Document", Namespace);
        w.WriteAttributeString("kind", item.Kind.ToLowerInvariant());
        w.WriteElementString("DocOrdinal", Namespace, item.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (item.Code is not null) w.WriteElementString("CodeNotation", Namespace, item.Code);
        w.WriteElementString("IssuedDate", Namespace, item.Date.ToString("yyyy-MM-dd"));
        w.WriteElementString("Subject", Namespace, item.Title);
        if (item.Author is not null) w.WriteElementString("OrganName", Namespace, item.Author);
        if (item.Pages is { } p) w.WriteElementString("PageAmount", Namespace, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var f in files)
        {
            w.WriteStartElement("File", Namespace);
            w.WriteAttributeString("path", f.Path);
            w.WriteAttributeString("sha256", f.Sha);
            w.WriteAttributeString("role", f.Role);
            w.WriteAttributeString("name", f.Name);
            if (f.OriginalSha is not null) w.WriteAttributeString("originalSha256", f.OriginalSha);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }).Split("?>", 2)[1]; // an element to place inside Documents, without its own declaration

    private sealed record Event(int Ordinal, DateTimeOffset At, string Actor, string Action, string? Text);

    private static string HistoryXml(IEnumerable<Event> events) => Xml(w =>
    {
        w.WriteStartElement("QuaTrinh", Namespace);
        foreach (var e in events.OrderBy(e => e.At))
        {
            w.WriteStartElement("Event", Namespace);
            w.WriteAttributeString("docOrdinal", e.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("at", e.At.ToOffset(Formats.VietnamOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteElementString("Actor", Namespace, e.Actor);
            w.WriteElementString("Action", Namespace, e.Action);
            if (e.Text is not null) w.WriteElementString("Text", Namespace, TextRules.Sanitize(e.Text));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    });

    private static string Readme(DossierDto d, bool longTerm) => $"""
        HỒ SƠ {d.Notation} NĂM {d.Year}: {d.Title}
        Người lập hồ sơ: {d.Keeper}. Thời hạn bảo quản: {d.Retention}. Số văn bản: {d.Items.Count}.

        Gói này tự kiểm tra được trên máy tính bất kỳ, không cần phần mềm UnionOffice:
          1. Toàn vẹn từng tệp:     sha256sum -c SHA256SUMS
          2. Dữ liệu đặc tả:        xmllint --noout --schema hoso.xsd hoso.xml
          3. Chữ ký số trên PDF:    pdfsig vanban/<số thứ tự>/<tệp>.pdf
        hoso.xml: thông tin hồ sơ và từng văn bản (NĐ 30/2020/NĐ-CP, Phụ lục VI, Phần II); quatrinh.xml: quá trình xử lý.
        Văn bản đi kèm các bản dự thảo (du-thao-*) và văn bản đã phát hành có chữ ký số.
        {(longTerm ? LongTermNote : "Các tệp giữ nguyên từng byte như trong hệ thống.")}
        """;

    private const string LongTermNote = """
        Tệp PDF có chữ ký được lưu kèm dữ liệu xác thực lâu dài (chứng thư, danh sách thu hồi, trả lời OCSP) và dấu thời
        gian lưu trữ (PAdES B-LTA), thêm sau các chữ ký bằng cập nhật gia tăng: phần đã ký giữ nguyên từng byte;
        originalSha256 trong hoso.xml là mã băm của bản lưu trong hệ thống. Chữ ký kiểm tra được cả khi chứng thư đã hết
        hạn và máy chủ của tổ chức chứng thực không còn (pdfsig kiểm tra chữ ký; dấu thời gian lưu trữ kiểm tra bằng công
        cụ hỗ trợ PAdES-LTA hoặc: openssl ts -verify).
        """;

    /// <summary>The schema of hoso.xml (and quatrinh.xml), shipped in every package.</summary>
    public const string Schema = """
        <?xml version="1.0" encoding="utf-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:unionoffice:hoso:1" xmlns="urn:unionoffice:hoso:1" elementFormDefault="qualified">
          <xs:element name="HoSo">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="FileCode">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="OrganId" type="xs:string"/>
                      <xs:element name="FileCatalog" type="xs:gYear"/>
                      <xs:element name="FileNotation" type="xs:string"/>
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
                <xs:element name="Title" type="xs:string"/>
                <xs:element name="Maintenance" type="xs:string"/>
                <xs:element name="Rights" type="xs:string"/>
                <xs:element name="Creator" type="xs:string"/>
                <xs:element name="Language" type="xs:string"/>
                <xs:element name="StartDate" type="xs:date"/>
                <xs:element name="EndDate" type="xs:date" minOccurs="0"/>
                <xs:element name="DocTotal" type="xs:nonNegativeInteger"/>
                <xs:element name="PageTotal" type="xs:nonNegativeInteger"/>
                <xs:element name="Description" type="xs:string" minOccurs="0"/>
                <xs:element name="Status">
                  <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="open"/><xs:enumeration value="closed"/><xs:enumeration value="archived"/></xs:restriction></xs:simpleType>
                </xs:element>
                <xs:element name="Documents">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="Document" minOccurs="0" maxOccurs="unbounded">
                        <xs:complexType>
                          <xs:sequence>
                            <xs:element name="DocOrdinal" type="xs:positiveInteger"/>
                            <xs:element name="CodeNotation" type="xs:string" minOccurs="0"/>
                            <xs:element name="IssuedDate" type="xs:date"/>
                            <xs:element name="Subject" type="xs:string"/>
                            <xs:element name="OrganName" type="xs:string" minOccurs="0"/>
                            <xs:element name="PageAmount" type="xs:nonNegativeInteger" minOccurs="0"/>
                            <xs:element name="File" minOccurs="0" maxOccurs="unbounded">
                              <xs:complexType>
                                <xs:attribute name="path" type="xs:string" use="required"/>
                                <xs:attribute name="sha256" use="required">
                                  <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9a-f]{64}"/></xs:restriction></xs:simpleType>
                                </xs:attribute>
                                <xs:attribute name="role" type="xs:string" use="required"/>
                                <xs:attribute name="name" type="xs:string" use="required"/>
                                <xs:attribute name="originalSha256" use="optional">
                                  <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[0-9a-f]{64}"/></xs:restriction></xs:simpleType>
                                </xs:attribute>
                              </xs:complexType>
                            </xs:element>
                          </xs:sequence>
                          <xs:attribute name="kind" use="required">
                            <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="incoming"/><xs:enumeration value="outgoing"/><xs:enumeration value="file"/></xs:restriction></xs:simpleType>
                          </xs:attribute>
                        </xs:complexType>
                      </xs:element>
                    </xs:sequence>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
          <xs:element name="QuaTrinh">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Event" minOccurs="0" maxOccurs="unbounded">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:element name="Actor" type="xs:string"/>
                      <xs:element name="Action" type="xs:string"/>
                      <xs:element name="Text" type="xs:string" minOccurs="0"/>
                    </xs:sequence>
                    <xs:attribute name="docOrdinal" type="xs:nonNegativeInteger" use="required"/>
                    <xs:attribute name="at" type="xs:dateTime" use="required"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;
}
