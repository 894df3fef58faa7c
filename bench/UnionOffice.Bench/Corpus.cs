using System.Text;
using System.Text.RegularExpressions;

namespace UnionOffice.Bench;

/// <summary>
/// Vietnamese administrative text for generated documents: sentences and phrases drawn from the real documents in
/// shared/seeds, the type names and abbreviations of NĐ30 Phụ lục III, and hand-written lists of issuers, positions
/// and people's names (fictional). Everything is picked with the caller's <see cref="Random"/>, so a seed gives the
/// same documents again.
/// </summary>
public sealed partial class Corpus
{
    /// <summary>NĐ30 Phụ lục III (type name, abbreviation) with a weight of how often such documents arrive; Công văn has none.</summary>
    public static readonly (string Name, string Abbr, int Weight)[] Types =
    [
        ("Công văn", "", 420), ("Kế hoạch", "KH", 90), ("Thông báo", "TB", 90), ("Quyết định", "QĐ", 80), ("Báo cáo", "BC", 60),
        ("Giấy mời", "GM", 60), ("Hướng dẫn", "HD", 40), ("Tờ trình", "TTr", 20), ("Chương trình", "CTr", 15),
        ("Nghị quyết", "NQ", 15), ("Chỉ thị", "CT", 8), ("Quy chế", "QC", 6), ("Quy định", "QyĐ", 6), ("Biên bản", "BB", 10),
        ("Công điện", "CĐ", 4), ("Đề án", "ĐA", 4), ("Phương án", "PA", 4), ("Thông cáo", "TC", 2), ("Giấy giới thiệu", "GGT", 6),
        ("Bản sao y", "SY", 4), ("Phiếu chuyển", "PC", 3), ("Hợp đồng", "HĐ", 3),
    ];

    private static readonly string[] Provinces =
    [
        "Hà Nội", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Nghệ An", "Thanh Hóa", "Hà Tĩnh", "Quảng Bình",
        "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận",
        "Bến Tre", "Tiền Giang", "Long An", "Đồng Nai", "Bình Dương", "Bà Rịa - Vũng Tàu", "Tây Ninh", "An Giang", "Kiên Giang",
        "Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "Hậu Giang", "Lâm Đồng", "Đắk Lắk", "Đắk Nông",
        "Gia Lai", "Kon Tum", "Lào Cai", "Yên Bái", "Hà Giang", "Tuyên Quang", "Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Bắc Kạn",
        "Phú Thọ", "Vĩnh Phúc", "Bắc Giang", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định",
        "Ninh Bình", "Hà Nam", "Hòa Bình", "Sơn La", "Điện Biên", "Lai Châu",
    ];

    /// <summary>Issuers outside the union system (name pattern, abbreviation for the notation).</summary>
    private static readonly (string Pattern, string Abbr)[] ExternalIssuers =
    [
        ("Ủy ban nhân dân tỉnh {0}", "UBND"), ("Tỉnh ủy {0}", "TU"), ("Sở Lao động - Thương binh và Xã hội tỉnh {0}", "SLĐTBXH"),
        ("Bảo hiểm xã hội tỉnh {0}", "BHXH"), ("Ban Tuyên giáo Tỉnh ủy {0}", "BTGTU"), ("Ban Dân vận Tỉnh ủy {0}", "BDVTU"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {0}", "MTTQ"), ("Sở Nội vụ tỉnh {0}", "SNV"), ("Sở Tài chính tỉnh {0}", "STC"),
        ("Sở Thông tin và Truyền thông tỉnh {0}", "STTTT"), ("Văn phòng Tỉnh ủy {0}", "VPTU"), ("Hội đồng nhân dân tỉnh {0}", "HĐND"),
        ("Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH"), ("Bộ Nội vụ", "BNV"), ("Văn phòng Chính phủ", "VPCP"),
        ("Ban Dân vận Trung ương", "BDVTW"), ("Bảo hiểm xã hội Việt Nam", "BHXH"), ("Bộ Tài chính", "BTC"),
    ];

    private static readonly string[] Actions =
    [
        "Về việc triển khai", "Về việc tổ chức", "Về việc hướng dẫn", "Về việc báo cáo", "Về việc góp ý", "Về việc đôn đốc",
        "Về việc tăng cường", "Về việc thực hiện", "Về việc tham gia", "Về việc cử cán bộ tham dự", "Về việc phối hợp",
        "Về việc rà soát", "Về việc tổng kết", "Về việc kiểm tra", "V/v triển khai", "V/v báo cáo", "V/v đăng ký", "V/v hướng dẫn",
    ];

    private static readonly string[] Topics =
    [
        "chuyển đổi số trong hoạt động công đoàn", "Tháng Công nhân năm {y}", "Tháng hành động về an toàn, vệ sinh lao động năm {y}",
        "chương trình phúc lợi cho đoàn viên", "Tết Sum vầy năm {y}", "công tác tài chính công đoàn năm {y}", "thu kinh phí công đoàn",
        "phát triển đoàn viên, thành lập công đoàn cơ sở", "Đại hội công đoàn các cấp nhiệm kỳ 2023 - 2028", "Mái ấm Công đoàn",
        "hội nghị cán bộ, công chức, viên chức năm {y}", "đối thoại tại nơi làm việc", "thương lượng tập thể, ký kết thỏa ước lao động tập thể",
        "ứng dụng Văn phòng điện tử", "an toàn thông tin mạng", "quản lý, sử dụng chữ ký số", "gửi, nhận văn bản điện tử",
        "phong trào thi đua lao động giỏi, lao động sáng tạo", "khen thưởng tổng kết năm {y}", "kiểm tra, giám sát năm {y}",
        "công tác nữ công", "phòng, chống tác hại của thuốc lá", "tuyên truyền, phổ biến giáo dục pháp luật", "Ngày Pháp luật Việt Nam",
        "chăm lo cho người lao động có hoàn cảnh khó khăn", "hỗ trợ đoàn viên bị ảnh hưởng bởi thiên tai", "quyết toán kinh phí năm {y}",
        "bồi dưỡng nghiệp vụ cho cán bộ công đoàn", "tập huấn kỹ năng số", "lưu trữ hồ sơ điện tử", "bảo hiểm xã hội, bảo hiểm y tế",
        "tiền lương, tiền thưởng Tết năm {y}", "nhà ở xã hội cho công nhân", "giải quyết tranh chấp lao động", "Chương trình 1 triệu sáng kiến",
    ];

    private static readonly string[] Surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Cao", "Mai", "Tạ"];
    private static readonly string[] Middles = ["Văn", "Thị", "Đức", "Minh", "Quang", "Thanh", "Hữu", "Ngọc", "Xuân", "Thu", "Kim", "Anh", "Hồng", "Công", "Đình"];
    private static readonly string[] Given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quân", "Quyết", "Sơn", "Tâm", "Thắng", "Thảo", "Thủy", "Trang", "Trung", "Tuấn", "Vân", "Việt", "Yến"];
    private static readonly string[] Positions = ["Chủ tịch", "Phó Chủ tịch", "Phó Chủ tịch Thường trực", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Trưởng ban", "Phó Trưởng ban", "Giám đốc", "Phó Giám đốc", "Bí thư"];
    private static readonly string[] ToPlaces =
    [
        "Liên đoàn Lao động các tỉnh, thành phố; Công đoàn ngành Trung ương và tương đương; Công đoàn Tổng Công ty trực thuộc",
        "Liên đoàn Lao động tỉnh", "Các ban, đơn vị trực thuộc", "Công đoàn cấp trên trực tiếp cơ sở", "Ban Thường vụ Liên đoàn Lao động tỉnh",
        "Các sở, ban, ngành, đoàn thể cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố, thị xã",
    ];

    private readonly string[] _sentences;
    private readonly string[][] _sentenceWords;
    public IReadOnlyList<string> Sentences => _sentences;

    public Corpus(string seedsDirectory)
    {
        var files = Directory.GetFiles(seedsDirectory, "*.txt").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidOperationException($"No seed text (*.txt) in {seedsDirectory}.");
        var sentences = new List<string>();
        foreach (var f in files)
        {
            // Seed text is markdown-ish with hard line breaks: join lines, strip markup, split into sentences.
            var text = File.ReadAllText(f);
            text = Markup().Replace(text, " ");
            text = Spaces().Replace(text, " ");
            foreach (var s in SentenceEnd().Split(text))
            {
                var t = s.Trim(' ', '-', '+', ';', ':', ',');
                // Prose only: not the appendix tables of organ codes and numbers.
                if (t.Length < 30 || t.Count(char.IsLetter) < t.Length * 3 / 4 || t.Contains("I02.", StringComparison.Ordinal)) continue;
                sentences.Add(t.Length > 400 ? t[..t.LastIndexOf(' ', 400)] : t);
            }
        }
        _sentences = [.. sentences.Distinct()];
        _sentenceWords = _sentences.Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
    }

    public static string SeedsDirectory(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        if (Environment.GetEnvironmentVariable("UO_SEEDS") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "seeds"), Path.Combine(dir.FullName, "..", "shared", "seeds") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException("shared/seeds not found: pass --seeds <dir> or set UO_SEEDS.");
    }

    public static string PersonName(Random r) =>
        r.Next(10) < 7 ? $"{Pick(r, Surnames)} {Pick(r, Middles)} {Pick(r, Given)}" : $"{Pick(r, Surnames)} {Pick(r, Middles)} {Pick(r, Middles)} {Pick(r, Given)}";

    public static string Position(Random r) => Pick(r, Positions);
    public static string ToPlace(Random r) => Pick(r, ToPlaces);
    public static string Province(Random r) => Pick(r, Provinces);

    public static (string Name, string Abbr) ExternalIssuer(Random r)
    {
        var (pattern, abbr) = Pick(r, ExternalIssuers);
        return (string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, Province(r)), abbr);
    }

    public static (string Name, string Abbr) Type(Random r)
    {
        var total = Types.Sum(t => t.Weight);
        var x = r.Next(total);
        foreach (var t in Types)
        {
            if (x < t.Weight) return (t.Name, t.Abbr);
            x -= t.Weight;
        }
        return (Types[0].Name, Types[0].Abbr);
    }

    /// <summary>A trích yếu: for a Công văn "Về việc …", otherwise the subject of the named type; topic from the lists or a seed phrase.</summary>
    public string Subject(Random r, string typeName, int year)
    {
        var topic = r.Next(100) < 65 ? Pick(r, Topics).Replace("{y}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : Phrase(r, 6, 16);
        var s = typeName == "Công văn" ? $"{Pick(r, Actions)} {LowerFirst(topic)}" : $"{UpperFirst(topic)}";
        if (r.Next(100) < 25) s += $" trên địa bàn tỉnh {Province(r)}";
        return s.Length > 500 ? s[..500] : s;
    }

    /// <summary>A run of consecutive words from one seed sentence.</summary>
    public string Phrase(Random r, int min, int max)
    {
        for (var attempt = 0; ; attempt++)
        {
            var words = _sentenceWords[r.Next(_sentenceWords.Length)];
            if (words.Length < min && attempt < 20) continue;
            var n = Math.Min(words.Length, r.Next(min, max + 1));
            var start = r.Next(words.Length - n + 1);
            var phrase = string.Join(' ', words, start, n);
            if (phrase.IndexOfAny(['(', ')', '"', '“', '”', ':']) >= 0 && attempt < 20) continue;
            return phrase.Trim(',', ';', '.', '-');
        }
    }

    /// <summary>Body text of about the given number of words: consecutive sentences of one seed, as a document reads.</summary>
    public string Body(Random r, int words)
    {
        var sb = new StringBuilder(words * 8);
        var i = r.Next(_sentences.Length);
        var n = 0;
        while (n < words)
        {
            sb.Append(_sentences[i]).Append(". ");
            n += _sentenceWords[i].Length;
            i = (i + 1) % _sentences.Length;
        }
        return sb.ToString();
    }

    public static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string LowerFirst(string s) => s.Length == 0 || (s.Length > 1 && char.IsUpper(s[1])) ? s : char.ToLowerInvariant(s[0]) + s[1..];
    private static string UpperFirst(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex(@"[#*_|>`\[\]]+|\\")]
    private static partial Regex Markup();
    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
    [GeneratedRegex(@"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ0-9a-zđ-])")]
    private static partial Regex SentenceEnd();
}
