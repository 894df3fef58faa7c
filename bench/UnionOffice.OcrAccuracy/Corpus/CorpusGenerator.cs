using System.Globalization;
using System.Text.RegularExpressions;
using UnionOffice.Modules.Organizations;

namespace UnionOffice.OcrAccuracy.Corpus;

/// <summary>
/// Generates realistic administrative documents of the trade union system, deterministically from a seed: issuers
/// from the organisation tree of seed 000 (the Confederation, provincial federations, sector unions, direct units)
/// and some district federations and departments, the document types of NĐ30 Phụ lục III with their abbreviations,
/// numbers, dates, subjects of the kind these organs issue, and body text taken from the seed documents 001–004.
/// </summary>
public sealed partial class CorpusGenerator
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private readonly Random _rng;
    private readonly IReadOnlyList<Organ> _provinces;
    private readonly IReadOnlyList<Organ> _sectors;
    private readonly IReadOnlyList<Organ> _units;
    private readonly IReadOnlyList<string> _sentences;

    public CorpusGenerator(int seed)
    {
        _rng = new Random(seed);
        var tree = OrganizationSeed.Read();
        _provinces = tree.Where(e => e.Kind == OrganizationKind.ProvincialFederation).Select(Province).ToList();
        _sectors = tree.Where(e => e.Kind == OrganizationKind.SectorUnion).Select(Sector).ToList();
        _units = tree.Where(e => e.Kind == OrganizationKind.DirectUnit && !e.Name.StartsWith("Công ty", StringComparison.Ordinal))
            .Select(Unit).ToList();
        _sentences = SeedSentences();
    }

    public IEnumerable<CorpusDocument> Generate(int count)
    {
        for (var i = 1; i <= count; i++) yield return Next(i);
    }

    private sealed record Organ(string Code, string Name, string Short, string Abbrev, string Place);
    private sealed record DocType(string Name, string Code, string[] Subjects);

    private const string Confederation = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM";
    private const string ConfederationShort = "TỔNG LĐLĐ VIỆT NAM";

    private static readonly DocType CongVan = new("Công văn", "", [
        "V/v triển khai ứng dụng chữ ký số trong gửi, nhận văn bản điện tử",
        "V/v báo cáo kết quả thực hiện chuyển đổi số quý {q} năm {y}",
        "V/v cử cán bộ tham dự tập huấn nghiệp vụ công tác văn thư, lưu trữ",
        "V/v đăng ký tài khoản sử dụng Hệ thống quản lý văn bản và điều hành",
        "V/v tổ chức các hoạt động Tháng Công nhân năm {y}",
        "V/v hướng dẫn gửi, nhận văn bản điện tử qua Trục liên thông văn bản quốc gia",
        "V/v rà soát, cập nhật mã định danh điện tử của các cơ quan, đơn vị",
        "V/v đôn đốc thực hiện chế độ báo cáo định kỳ năm {y}",
        "V/v góp ý dự thảo Quy chế quản lý, sử dụng phần mềm văn phòng điện tử",
        "V/v phối hợp tổ chức Hội nghị đối thoại giữa người sử dụng lao động và người lao động",
        "V/v thăm hỏi, hỗ trợ đoàn viên, người lao động có hoàn cảnh khó khăn",
        "V/v tăng cường công tác phòng, chống cháy nổ tại các doanh nghiệp",
    ]);

    private static readonly DocType[] Types =
    [
        new("Quyết định", "QĐ", [
            "Về việc ban hành Quy chế quản lý, sử dụng Hệ thống quản lý văn bản và điều hành",
            "Về việc thành lập Ban Chỉ đạo chuyển đổi số trong hoạt động Công đoàn",
            "Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {y}",
            "Về việc phê duyệt Kế hoạch ứng dụng công nghệ thông tin năm {y}",
            "Về việc kiện toàn Tổ giúp việc triển khai Văn phòng điện tử",
            "Ban hành Quy định về lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan",
            "Về việc cử cán bộ đi công tác",
            "Về việc phân bổ kinh phí hoạt động công đoàn năm {y}",
        ]),
        new("Kế hoạch", "KH", [
            "Triển khai Giai đoạn II ứng dụng Văn phòng điện tử",
            "Thực hiện chuyển đổi số trong hoạt động Công đoàn đến năm 2025, định hướng đến năm 2030",
            "Tổ chức Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm {y}",
            "Kiểm tra, giám sát việc thực hiện Điều lệ Công đoàn Việt Nam năm {y}",
            "Tập huấn nghiệp vụ công tác văn thư, lưu trữ cho cán bộ công đoàn",
            "Tuyên truyền, phổ biến, giáo dục pháp luật cho đoàn viên, người lao động năm {y}",
        ]),
        new("Thông báo", "TB", [
            "Kết luận của Thường trực tại buổi làm việc về công tác chuyển đổi số",
            "Về việc tạm dừng sử dụng tài khoản đăng nhập Hệ thống quản lý văn bản và điều hành",
            "Lịch công tác của Thường trực tháng {m} năm {y}",
            "Kết quả kiểm tra công tác văn thư, lưu trữ năm {y}",
            "Về việc nghỉ Tết Nguyên đán và phân công trực cơ quan",
        ]),
        new("Báo cáo", "BC", [
            "Kết quả thực hiện nhiệm vụ chuyển đổi số quý {q} năm {y}",
            "Tình hình ứng dụng công nghệ thông tin trong hoạt động Công đoàn năm {y}",
            "Sơ kết 6 tháng đầu năm và phương hướng nhiệm vụ 6 tháng cuối năm {y}",
            "Kết quả thực hiện Chỉ thị số 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "Tình hình quan hệ lao động và tranh chấp lao động tập thể năm {y}",
        ]),
        new("Hướng dẫn", "HD", [
            "Thực hiện gửi, nhận văn bản điện tử và văn bản giấy trong hệ thống Công đoàn",
            "Công tác lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan năm {y}",
            "Tổ chức đại hội công đoàn cơ sở nhiệm kỳ {y} - {y5}",
            "Quản lý, sử dụng chữ ký số chuyên dùng trong cơ quan công đoàn",
        ]),
        new("Chương trình", "CTr", [
            "Chuyển đổi số trong hệ thống Công đoàn giai đoạn 2023 - 2028, định hướng đến năm 2030",
            "Công tác trọng tâm năm {y} của Ban Thường vụ",
            "Phối hợp thực hiện công tác tuyên truyền, vận động đoàn viên, người lao động năm {y}",
        ]),
        new("Tờ trình", "TTr", [
            "Về việc đề nghị phê duyệt dự toán kinh phí triển khai Văn phòng điện tử năm {y}",
            "Đề nghị công nhận danh hiệu thi đua năm {y}",
        ]),
        new("Giấy mời", "GM", [
            "Dự Hội nghị tổng kết công tác công đoàn năm {y}",
            "Dự Hội nghị tập huấn sử dụng phần mềm quản lý văn bản và điều hành",
        ]),
        new("Nghị quyết", "NQ", [
            "Về đổi mới tổ chức và hoạt động của Công đoàn trong tình hình mới",
            "Về chuyển đổi số trong hoạt động Công đoàn giai đoạn {y} - {y5}",
        ]),
        new("Chỉ thị", "CT", [
            "Về tăng cường công tác văn thư, lưu trữ trong hệ thống Công đoàn",
        ]),
    ];

    /// <summary>Bodies inside an organ that issue in its name; the register names them with the organ.</summary>
    private static readonly (string Name, string Abbrev)[] ProvinceBodies =
    [
        ("BAN TUYÊN GIÁO", "BTG"), ("BAN TỔ CHỨC", "BTC"), ("VĂN PHÒNG", "VP"), ("ỦY BAN KIỂM TRA", "UBKT"),
        ("BAN CHÍNH SÁCH - PHÁP LUẬT", "CSPL"), ("BAN TÀI CHÍNH", "BTC"),
    ];

    private static readonly (string Name, string Abbrev)[] ConfederationBodies =
    [
        ("ĐOÀN CHỦ TỊCH", "TLĐ"), ("BAN TỔ CHỨC", "BTC"), ("BAN QUAN HỆ LAO ĐỘNG", "QHLĐ"), ("VĂN PHÒNG", "VP"),
        ("BAN TUYÊN GIÁO", "TG"), ("ỦY BAN KIỂM TRA", "UBKT"),
    ];

    private static readonly (string Province, string Name, string Place)[] Districts =
    [
        ("Nghệ An", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN NGHI LỘC", "Nghi Lộc"),
        ("Nghệ An", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN DIỄN CHÂU", "Diễn Châu"),
        ("Nghệ An", "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ VINH", "Vinh"),
        ("Nghệ An", "LIÊN ĐOÀN LAO ĐỘNG THỊ XÃ HOÀNG MAI", "Hoàng Mai"),
        ("Bến Tre", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CHÂU THÀNH", "Châu Thành"),
        ("Bến Tre", "LIÊN ĐOÀN LAO ĐỘNG HUYỆN MỎ CÀY NAM", "Mỏ Cày Nam"),
        ("Bến Tre", "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ BẾN TRE", "Bến Tre"),
    ];

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân", "Song", "Trung"];
    private static readonly string[] GivenNames = ["Toàn", "Hào", "Hùng", "Lan", "Hương", "Tuấn", "Bình", "Thảo", "Quân", "Dũng", "Hoa", "Sơn", "Thắng", "Phương", "Yến", "Khánh"];

    private CorpusDocument Next(int index)
    {
        var type = Pick(0.3) ? CongVan : Types[WeightedIndex([22, 16, 10, 10, 8, 5, 4, 4, 3, 2])];
        var date = new DateOnly(_rng.Next(2018, 2027), _rng.Next(1, 13), _rng.Next(1, 29));
        var number = _rng.Next(1, 100) < 15 ? _rng.Next(1, 10).ToString("00", Vi) : _rng.Next(10, _rng.Next(100, 2600)).ToString(Vi);
        var (parent, issuer, issuerName, abbrev, place, authority, title, code) = Issuer(type);
        var unit = Pick(["VP", "TC", "TG", "CSPL", "TC", "UBKT", "QHLĐ", "NC"]);
        var notation = type == CongVan ? $"{abbrev}-{unit}" : $"{type.Code}-{abbrev}";
        var subject = Fill(Pick(type.Subjects), date);
        List<string> addressees = type == CongVan
            ? Pick(0.5) ? [Pick(["Các Liên đoàn Lao động huyện, thành phố, thị xã", "Các Công đoàn ngành, Công đoàn cơ sở trực thuộc", "Các Ban, Văn phòng Liên đoàn Lao động tỉnh"])]
                : ["Các Liên đoàn Lao động huyện, thành phố, thị xã;", "Các Công đoàn cấp trên trực tiếp cơ sở."]
            : [];
        _next = -1;
        var body = Body(type, issuerName);
        List<string> recipients = type == CongVan
            ? ["Như trên;", "Thường trực (để b/c);", "Lưu: VT, " + unit + "."]
            : ["Như Điều 3;", "Thường trực (để b/c);", "Các Ban, Văn phòng;", "Lưu: VT."];
        var urgency = Pick(0.1) ? Pick(["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]) : null;
        return new CorpusDocument(index, parent, issuer, number, notation, place, date, type.Name, subject, addressees, body,
            authority, title, $"{Pick(FamilyNames)} {Pick(MiddleNames)} {Pick(GivenNames)}", recipients, urgency, issuerName, code);
    }

    /// <summary>Who issues, how the header prints them, and the truth of IssuerName.</summary>
    private (List<string> Parent, List<string> Issuer, string IssuerName, string Abbrev, string Place, string Authority, string Title, string? Code) Issuer(DocType type)
    {
        var chair = Pick(["CHỦ TỊCH", "PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"]);
        var kt = chair == "CHỦ TỊCH" ? "" : "KT. CHỦ TỊCH";
        switch (WeightedIndex([26, 22, 12, 10, 8, 10, 7, 5]))
        {
            case 0: // the provincial standing committee, the most common issuer of plans and decisions
            {
                var p = Pick(_provinces);
                return ([p.Name], ["BAN THƯỜNG VỤ"], $"BAN THƯỜNG VỤ {p.Name}", p.Abbrev, p.Place, "TM. BAN THƯỜNG VỤ", chair, p.Code);
            }
            case 1: // the provincial federation under the Confederation
            {
                var p = Pick(_provinces);
                return ([Pick(0.7) ? ConfederationShort : Confederation], [p.Name], p.Name, p.Abbrev, p.Place,
                    kt.Length > 0 ? kt : "TM. BAN THƯỜNG VỤ", chair, p.Code);
            }
            case 2: // a department of a provincial federation
            {
                var p = Pick(_provinces);
                var b = Pick(ProvinceBodies);
                return ([p.Short], [b.Name], $"{b.Name} {p.Short}", b.Abbrev, p.Place, b.Name == "VĂN PHÒNG" ? "TL. BAN THƯỜNG VỤ" : "",
                    b.Name == "VĂN PHÒNG" ? "CHÁNH VĂN PHÒNG" : b.Name == "ỦY BAN KIỂM TRA" ? "CHỦ NHIỆM" : "TRƯỞNG BAN", p.Code);
            }
            case 3: // the Confederation itself
                return ([], [Confederation], Confederation, "TLĐ", "Hà Nội", Pick(0.5) ? "TM. ĐOÀN CHỦ TỊCH" : kt, chair, "I02");
            case 4: // a body of the Confederation
            {
                var b = Pick(ConfederationBodies);
                var parent = Pick(0.6) ? ConfederationShort : Confederation;
                return ([parent], [b.Name], $"{b.Name} {parent}", b.Abbrev, "Hà Nội",
                    b.Name == "ĐOÀN CHỦ TỊCH" ? "TM. ĐOÀN CHỦ TỊCH" : "", b.Name == "ĐOÀN CHỦ TỊCH" ? chair : "TRƯỞNG BAN", "I02");
            }
            case 5: // a central sector union
            {
                var s = Pick(_sectors);
                return ([ConfederationShort], [s.Name], s.Name, s.Abbrev, s.Place, "TM. BAN THƯỜNG VỤ", chair, s.Code);
            }
            case 6: // a district federation
            {
                var d = Pick(Districts);
                var p = _provinces.First(x => x.Place == d.Province);
                return ([p.Short], [d.Name], d.Name, "LĐLĐ", d.Place, "TM. BAN THƯỜNG VỤ", chair, null); // not in the tree of seed 000
            }
            default: // a unit directly under the Confederation
            {
                var u = Pick(_units);
                return ([ConfederationShort], [u.Name], u.Name, u.Abbrev, u.Place, "", Pick(["HIỆU TRƯỞNG", "VIỆN TRƯỞNG", "GIÁM ĐỐC", "TỔNG BIÊN TẬP"]), u.Code);
            }
        }
    }

    private List<string> Body(DocType type, string issuerName)
    {
        var body = new List<string>();
        if (type.Code is "QĐ" or "NQ")
        {
            body.Add("\u0001" + issuerName); // the authority that issues (Mẫu 1.2: THẨM QUYỀN BAN HÀNH)
            body.Add("\u0002Căn cứ Luật Công đoàn năm 2012;");
            body.Add("\u0002Căn cứ Điều lệ Công đoàn Việt Nam;");
            body.Add("\u0002Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;");
            body.Add("\u0002Xét đề nghị của Văn phòng,");
            body.Add("\u0001" + (type.Code == "QĐ" ? "QUYẾT ĐỊNH:" : "QUYẾT NGHỊ:"));
            for (var i = 1; i <= 3; i++) body.Add($"Điều {i}. " + Sentences(_rng.Next(1, 3)));
        }
        else
        {
            for (var i = 0; i < 6; i++) body.Add(Sentences(_rng.Next(1, 4)));
        }
        return body;
    }

    private int _next = -1;

    /// <summary>The next <paramref name="n"/> sentences of a seed, read on from where the document's text started.</summary>
    private string Sentences(int n)
    {
        if (_next < 0 || _next + n > _sentences.Count) _next = _rng.Next(0, _sentences.Count - 40);
        var text = string.Join(' ', _sentences.Skip(_next).Take(n));
        _next += n;
        return text;
    }

    private string Fill(string template, DateOnly date) => template
        .Replace("{y5}", (date.Year + 5).ToString(Vi), StringComparison.Ordinal)
        .Replace("{y}", date.Year.ToString(Vi), StringComparison.Ordinal)
        .Replace("{q}", Pick(["I", "II", "III", "IV"]), StringComparison.Ordinal)
        .Replace("{m}", date.Month.ToString(Vi), StringComparison.Ordinal);

    private static string Upper(string s) => s.ToUpper(Vi);

    private static Organ Province(OrganizationSeed.Entry e)
    {
        // "LĐLĐ tỉnh Nghệ An" → LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN, place "Nghệ An"; cities keep their word.
        var rest = e.Name["LĐLĐ ".Length..];
        var place = rest.StartsWith("tỉnh ", StringComparison.Ordinal) ? rest["tỉnh ".Length..]
            : rest == "thành phố Hồ Chí Minh" ? "Thành phố Hồ Chí Minh" : rest["thành phố ".Length..];
        return new Organ(e.Code, Upper("Liên đoàn Lao động " + rest), Upper("LĐLĐ " + rest), "LĐLĐ", place);
    }

    private static Organ Sector(OrganizationSeed.Entry e)
    {
        var name = e.Name.Replace("TCTy", "Tổng Công ty", StringComparison.Ordinal).Replace("PTNT", "Phát triển nông thôn", StringComparison.Ordinal);
        var words = name.Split(' ').Where(w => w is not ("và" or "Việt" or "Nam")).ToList();
        var start = words.IndexOf("đoàn") + 1;
        var abbrev = "CĐ" + string.Concat(words.Skip(start).Take(3).Select(w => char.ToUpper(w[0], Vi)));
        return new Organ(e.Code, Upper(name), Upper(name), abbrev, "Hà Nội");
    }

    private static Organ Unit(OrganizationSeed.Entry e)
    {
        var abbrev = string.Concat(e.Name.Split(' ').Where(w => w.Length > 0 && char.IsUpper(w[0])).Take(4).Select(w => w[0]));
        return new Organ(e.Code, Upper(e.Name), Upper(e.Name), abbrev, e.Code == "I02.94" ? "Thành phố Hồ Chí Minh" : "Hà Nội");
    }

    /// <summary>Sentences of the seed documents, cleaned of markdown, as body text.</summary>
    private static List<string> SeedSentences()
    {
        var asm = typeof(CorpusGenerator).Assembly;
        var sentences = new List<string>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("OcrCorpus.Seeds.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(asm.GetManifestResourceStream(name)!);
            var lines = reader.ReadToEnd().Split('\n')
                .Select(l => Markdown().Replace(l, "").Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('|') && !l.StartsWith('<') && !l.Contains("http", StringComparison.Ordinal));
            var text = Spaces().Replace(string.Join(' ', lines), " ");
            foreach (var s in SentenceEnd().Split(text))
            {
                var t = s.Trim();
                // Prose only: not headings, signature blocks or tables (mostly capitals), not fragments.
                var letters = t.Count(char.IsLetter);
                if (t.Length is >= 40 and <= 400 && char.IsUpper(t[0]) && letters > t.Length / 2 && t.Count(char.IsUpper) * 5 < letters
                    && !TableCell().IsMatch(t))
                    sentences.Add(t);
            }
        }
        return sentences;
    }

    private bool Pick(double probability) => _rng.NextDouble() < probability;
    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private int WeightedIndex(int[] weights)
    {
        var r = _rng.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.Length - 1;
    }

    [GeneratedRegex(@"^[#>+\-\s]+|\*+")]
    private static partial Regex Markdown();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Rows of a seed's tables flattened into text ("… CĐCSTT Hàng năm 3 Xây dựng …"): not prose.</summary>
    [GeneratedRegex(@"CĐCSTT|\s\d{1,2}\s\p{Lu}")]
    private static partial Regex TableCell();

    [GeneratedRegex(@"(?<=[.;])\s+(?=\p{Lu})")]
    private static partial Regex SentenceEnd();
}
