using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UnionOffice.Common;

namespace UnionOffice.Modules.Recognition;

/// <summary>How sure the proposer is of each field, 0–1; null where it found nothing.</summary>
public sealed record FieldConfidence(
    double? CodeNumber, double? CodeNotation, double? IssuedOn, double? IssuerName, double? TypeName, double? Subject);

/// <summary>
/// What the first page of a document says about itself, for the clerk to confirm or correct. Null fields were not
/// found. <see cref="IssuerName"/> is the issuing body as printed (upper case), qualified by its organ when the body
/// is part of that organ ("BAN THƯỜNG VỤ" under "LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN" gives "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO
/// ĐỘNG TỈNH NGHỆ AN"; "LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN" under "TỔNG LĐLĐ VIỆT NAM" gives itself);
/// <see cref="IssuerLines"/> are the organ lines as read, top to bottom; <see cref="IssuerCode"/> is the identifier
/// of the organ when it matched one of the known organs. <see cref="TypeName"/> is written as registers write it
/// ("Quyết định", "Công văn"). <see cref="Subject"/> is the trích yếu on one line ("V/v …" for a công văn).
/// </summary>
public sealed record FieldProposal(
    string? CodeNumber, string? CodeNotation, DateOnly? IssuedOn, string? IssuerName, string? TypeName, string? Subject,
    string? Place, string? IssuerCode, IReadOnlyList<string> IssuerLines, FieldConfidence Confidence);

/// <summary>An organ the proposer may recognise in a header: its identifier code and its name as the tree keeps it.</summary>
public sealed record KnownOrgan(string Code, string Name);

/// <summary>
/// Reads the fields of an administrative document (NĐ30 Phụ lục I) from the OCR text of its first page. A pure
/// function: no I/O, no clock. Built for OCR noise: the two header columns merged into one line or kept apart by
/// wide spaces, "Số" read as "So"/"Sô"/"S6", missing colons, spaces around "/" and "-", O for 0 and l for 1 in
/// numbers, Đ read as Ð or D in notations, "ngày"/"tháng"/"năm" misspelt, punctuation specks.
/// </summary>
public static partial class FieldProposer
{
    /// <summary>Type names of NĐ30 Phụ lục III with their abbreviations (Công văn has no type line and no code).</summary>
    public static readonly IReadOnlyList<(string Name, string Code)> DocumentTypes =
    [
        ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
        ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"), ("Kế hoạch", "KH"),
        ("Phương án", "PA"), ("Đề án", "ĐA"), ("Dự án", "DA"), ("Báo cáo", "BC"), ("Biên bản", "BB"), ("Tờ trình", "TTr"),
        ("Hợp đồng", "HĐ"), ("Công điện", "CĐ"), ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"), ("Giấy ủy quyền", "GUQ"),
        ("Giấy mời", "GM"), ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"),
        ("Phiếu báo", "PB"),
    ];

    public const string CongVan = "Công văn";

    /// <summary>Abbreviations met in notations besides the type codes: union organs, their bodies and departments, Party committees.</summary>
    private static readonly string[] NotationWords =
    [
        "TLĐ", "LĐLĐ", "LĐ", "CĐ", "CĐN", "CĐCS", "CĐCQ", "BTV", "BCH", "ĐCT", "UBKT", "VP", "TC", "TG", "BTG", "BTC", "CSPL",
        "QHLĐ", "TCKT", "NC", "ĐN", "KTXH", "BCĐ", "BQL", "ĐHCĐ", "TU", "HU", "ĐU", "BTGTU", "VPTU", "UBND", "CP", "TTg",
    ];

    private static readonly string Motto = "CONG HOA XA HOI CHU NGHIA VIET NAM";
    private static readonly string Slogan = "DOC LAP TU DO HANH PHUC";

    /// <summary>Words that begin the name of an organ or of a body in a header (folded: no diacritics, upper case).</summary>
    private static readonly string[] UnitStarts =
    [
        "TONG LIEN DOAN", "TONG LDLD", "TONG CONG TY", "LIEN DOAN", "LDLD", "CONG DOAN", "CD", "BAN", "DOAN CHU TICH",
        "THUONG TRUC", "UY BAN", "UBND", "UBKT", "VAN PHONG", "HOI DONG", "TRUONG", "VIEN", "BAO", "CONG TY", "NHA", "TAP CHI",
        "SO", "BO", "PHONG", "TINH UY", "HUYEN UY", "DANG UY",
    ];

    /// <summary>A body is an organ in its own right when its name has one of these; otherwise it is a part of its organ.</summary>
    private static readonly string[] OrganWords =
    [
        "LIEN DOAN", "LDLD", "CONG DOAN", "CDCS", "TRUONG", "VIEN", "BAO", "CONG TY", "NHA", "TAP CHI", "UY BAN NHAN DAN",
        "UBND", "SO", "BO", "TINH UY", "HUYEN UY", "DANG UY", "TONG",
    ];

    /// <summary>
    /// Collective bodies and departments of a union organ (Điều lệ Công đoàn Việt Nam; the usual departments of a
    /// federation), which issue in their organ's name. A header line that is one of them up to misread marks is
    /// written as here.
    /// </summary>
    public static readonly IReadOnlyList<string> Bodies =
    [
        "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "ĐOÀN CHỦ TỊCH", "THƯỜNG TRỰC", "ỦY BAN KIỂM TRA", "VĂN PHÒNG", "BAN TỔ CHỨC",
        "BAN TUYÊN GIÁO", "BAN CHÍNH SÁCH - PHÁP LUẬT", "BAN TÀI CHÍNH", "BAN QUAN HỆ LAO ĐỘNG", "BAN NỮ CÔNG",
        "BAN KINH TẾ - XÃ HỘI", "BAN ĐỐI NGOẠI", "BAN PHÁP LUẬT", "BAN CHÍNH SÁCH", "BAN THI ĐUA - KHEN THƯỞNG",
        "BAN CÔNG TÁC CƠ SỞ", "BAN TỔ CHỨC - KIỂM TRA", "BAN CHỈ ĐẠO", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "BAN DÂN VẬN",
    ];

    /// <summary>Where an organ's name is cut mid-way by the header's line break (the next line must continue it).</summary>
    private static readonly string[] OpenEnds = ["CONG DOAN", "LIEN DOAN LAO DONG", "TONG", "VA", "-", "TỈNH", "THANH PHO", "HUYEN", "QUAN", "THI XA", "NGANH"];

    private static readonly string[] BodyStarts = ["Căn cứ", "Thực hiện", "Kính gửi", "Theo ", "Xét ", "Để ", "Nhằm", "Trong ", "Điều 1", "Ngày ", "I.", "1."];

    public static FieldProposal Propose(string text, IReadOnlyCollection<KnownOrgan>? knownOrgans = null)
    {
        var page = Normalize(text.Split('\f')[0]);
        var lines = page.Split('\n').Select(l => l.TrimEnd()).ToList();
        var segments = lines.Select(l => ColumnGap().Split(l).Select(s => s.Trim()).Where(s => s.Length > 0).ToList()).ToList();
        var limit = Math.Min(lines.Count, 40);

        var number = FindNumber(segments, limit);
        var date = FindDate(segments, limit, number);
        var type = FindTypeLine(segments, Math.Max(number?.Line ?? 0, date?.Line ?? 0), limit, number?.Notation);
        var subject = type is not null ? SubjectAfterType(segments, type.Value.Line, limit) : SubjectOfCongVan(segments, number?.Line ?? 0, limit);
        var headerEnd = number?.Line ?? date?.Line ?? type?.Line ?? Math.Min(lines.Count, 8);
        var issuer = Issuer(segments, headerEnd, number, knownOrgans);

        // The type: its line, else the notation's code, else a công văn when the notation has none and a "V/v" is there.
        string? typeName = type?.Name;
        double? typeConfidence = type is null ? null : 0.8;
        var codeType = number?.Notation is { } n ? DocumentTypes.Where(t => n.Split('-', '/')[0] == t.Code).Select(t => t.Name).FirstOrDefault() : null;
        if (typeName is not null && codeType is not null)
            typeConfidence = typeName == codeType ? 0.97 : 0.5;
        else if (typeName is null && codeType is not null)
            (typeName, typeConfidence) = (codeType, 0.7);
        else if (typeName is null && number?.Notation is not null && (subject?.Text.StartsWith("V/v", StringComparison.Ordinal) ?? false))
            (typeName, typeConfidence) = (CongVan, 0.9);
        else if (typeName is null && subject?.Text.StartsWith("V/v", StringComparison.Ordinal) == true)
            (typeName, typeConfidence) = (CongVan, 0.7);

        return new FieldProposal(number?.Number, number?.Notation, date?.Date, issuer?.Name, typeName, subject?.Text, date?.Place,
            issuer?.Code, issuer?.Lines ?? [],
            new FieldConfidence(number?.NumberConfidence, number?.NotationConfidence, date?.Confidence, issuer?.Confidence, typeConfidence, subject?.Confidence));
    }

    // ---------------------------------------------------------------- text clean-up

    /// <summary>NFC; OCR's look-alikes of Đ, of dashes and of the slash made the real ones; no-break and odd spaces made spaces.</summary>
    internal static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Normalize(NormalizationForm.FormC));
        sb.Replace("\r\n", "\n").Replace('\u00D0', 'Đ').Replace('\u0189', 'Đ').Replace('\u00F0', 'đ')
            .Replace('\u2013', '-').Replace('\u2014', '-').Replace('\u2010', '-').Replace('\u2011', '-').Replace('\u2212', '-')
            .Replace('\u2044', '/').Replace('\u2215', '/').Replace('\u00A0', ' ').Replace('\u2009', ' ').Replace('\r', '\n').Replace('\t', ' ').Replace('\u2018', '\'').Replace('\u2019', '\'');
        // A mark standing alone between spaces ("ˆ", "`", "´"): a speck OCR took for an accent.
        return StrayMark().Replace(sb.ToString(), "");
    }

    [GeneratedRegex(@"(?<=^|[ \n])[\u02B0-\u02FF\u00B4\u00A8`^~]+(?= |\n|$)", RegexOptions.Multiline)]
    private static partial Regex StrayMark();

    /// <summary>Upper case without diacritics (đ → D): the key for comparing words however OCR rendered their marks.</summary>
    internal static string Fold(string s) => VietnameseText.RemoveDiacritics(s).ToUpperInvariant();

    private static string FoldWords(string s) => string.Join(' ', WordRun().Matches(Fold(s)).Select(m => m.Value));

    private static bool IsMostlyUpper(string s)
    {
        var letters = s.Where(char.IsLetter).ToList();
        return letters.Count >= 2 && letters.Count(char.IsUpper) >= letters.Count * 0.8;
    }

    private static bool IsJunk(string s) => s.Count(char.IsLetterOrDigit) < 2 || s.Count(char.IsLetterOrDigit) * 2 < s.Length - s.Count(char.IsWhiteSpace);

    // ---------------------------------------------------------------- number and notation

    private sealed record NumberHit(int Line, int Segment, string Number, string Notation, double NumberConfidence, double NotationConfidence, int End, string SegmentText);

    private static NumberHit? FindNumber(List<List<string>> segments, int limit)
    {
        for (var i = 0; i < limit; i++)
            for (var j = 0; j < segments[i].Count; j++)
            {
                var seg = segments[i][j];
                var m = NumberLine().Match(seg);
                if (!m.Success) continue;
                if (!m.Groups["num"].Value.Any(char.IsAsciiDigit)) continue; // at least one real digit: not a word starting with S
                var (number, repairs) = RepairDigits(m.Groups["num"].Value);
                if (number.Length == 0) continue;
                var (notation, known) = RepairNotation(m.Groups["not"].Value);
                if (notation.Length < 2) continue;
                var numberConfidence = Math.Max(0.3, 0.95 - 0.2 * repairs - (m.Groups["slash"].Success ? 0 : 0.2));
                return new NumberHit(i, j, number, notation, numberConfidence, known ? 0.9 : 0.6, m.Index + m.Length, seg);
            }
        return null;
    }

    /// <summary>O, o, D, Q read for 0; I, l, |, ! for 1; S for 5; B for 8; Z for 2 — inside a number only.</summary>
    private static (string Digits, int Repairs) RepairDigits(string raw)
    {
        var sb = new StringBuilder();
        var repairs = 0;
        foreach (var c in raw)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c,
                'O' or 'o' or 'D' or 'Q' => '0',
                'I' or 'l' or '|' or '!' or 'i' => '1',
                'S' or 's' => '5',
                'B' => '8',
                'Z' or 'z' => '2',
                _ => '\0',
            };
            if (d == '\0') continue;
            if (d != c) repairs++;
            sb.Append(d);
        }
        return (sb.ToString(), repairs);
    }

    private static readonly IReadOnlyList<string> KnownAbbreviations = DocumentTypes.Select(t => t.Code).Concat(NotationWords).Distinct().ToList();

    /// <summary>
    /// Parts of the notation rebuilt: spaces dropped, each part matched to a known abbreviation — exactly, or once
    /// the marks are set aside ("QD" → QĐ, "LDLD" → LĐLĐ, "CTR" → CTr), or with a letter read twice ("QĐĐ" → QĐ,
    /// "LĐĐĐLĐ" → LĐLĐ), or with a speck read as a thin letter ("BTIC" → BTC); any other unknown part stays as
    /// read, in capitals: organs coin abbreviations of their own ("CĐCT"), so nothing is forced onto the nearest
    /// known one ("ĐCT").
    /// </summary>
    private static (string Notation, bool AllKnown) RepairNotation(string raw)
    {
        var compact = Regex.Replace(raw, @"\s+", "").Replace('~', '-');
        // A colon or dot inside is a speck in a word ("L:ĐLĐ" → LĐLĐ) when the word then is known, else a misread hyphen ("HD:TG").
        compact = Regex.Replace(compact, @"[\p{L}\d]+(?:[:.][\p{L}\d]+)+", m =>
        {
            var joined = Regex.Replace(m.Value, "[:.]", "");
            return KnownAbbreviations.Any(k => Fold(k) == Fold(joined)) ? joined : Regex.Replace(m.Value, "[:.]", "-");
        });
        var parts = Regex.Split(compact, "([-/])");
        var sb = new StringBuilder();
        var allKnown = true;
        foreach (var p in parts)
        {
            if (p is "-" or "/") { sb.Append(p); continue; }
            var word = new string(p.Where(char.IsLetterOrDigit).ToArray());
            if (word.Length == 0) continue;
            var undoubled = Regex.Replace(word, @"(\p{Lu})\1+", "$1"); // a letter read twice: "QĐĐ", "LĐĐĐLĐ"
            var known = KnownAbbreviations.FirstOrDefault(k => k == word)
                ?? Unique(KnownAbbreviations.Where(k => Fold(k) == Fold(word)))
                ?? (undoubled != word ? Unique(KnownAbbreviations.Where(k => Fold(k) == Fold(undoubled))) : null)
                ?? Unique(KnownAbbreviations.Where(k => k.Length >= 2 && WithoutOneThinStroke(word).Contains(Fold(k))));
            if (known is null) allKnown = false;
            sb.Append(known ?? word.ToUpper(CultureInfo.InvariantCulture));
        }
        return (sb.ToString().Trim('-', '/'), allKnown);
    }

    /// <summary>The word with one I, l, 1 or | taken out (folded): a speck or a scratch read as a thin letter ("BTIC" → BTC).</summary>
    private static HashSet<string> WithoutOneThinStroke(string word) =>
        [.. Enumerable.Range(0, word.Length).Where(i => word[i] is 'I' or 'l' or '1' or '|' or 'i').Select(i => Fold(word.Remove(i, 1)))];

    private static string? Unique(IEnumerable<string> candidates)
    {
        var list = candidates.Take(2).ToList();
        return list.Count == 1 ? list[0] : null;
    }

    // ---------------------------------------------------------------- place and date

    private sealed record DateHit(int Line, DateOnly Date, string? Place, double Confidence);

    private static DateHit? FindDate(List<List<string>> segments, int limit, NumberHit? number)
    {
        // The place-date line sits on the number's line; search from a little above it to a little below, then the
        // lines above. Not further down: the body cites other documents with their dates.
        limit = Math.Min(limit, number is null ? 15 : number.Line + 6);
        var from = Math.Max(0, (number?.Line ?? 0) - 3);
        foreach (var i in Enumerable.Range(from, Math.Max(0, limit - from)).Concat(Enumerable.Range(0, from)))
            for (var j = 0; j < segments[i].Count; j++)
            {
                var seg = segments[i][j];
                if (number is not null && number.Line == i && number.Segment == j) seg = seg[Math.Min(seg.Length, number.End)..];
                if (ParseDate(seg) is { } hit) return hit with { Line = i };
            }
        return null;
    }

    /// <summary>"Nghệ An, ngày 05 tháng 3 năm 2026" with its words misread by a letter or glued to the numbers.</summary>
    private static DateHit? ParseDate(string segment)
    {
        var folded = VietnameseText.RemoveDiacritics(segment).ToLowerInvariant();
        if (folded.Length != segment.Length) folded = segment.ToLowerInvariant(); // keep positions aligned; rare
        // Letters that look like digits, next to digits, are digits: "O5" → 05, "2O26" → 2026, "l2" → 12.
        var digitRepairs = 0;
        for (var pass = 0; pass < 3; pass++)
            folded = DigitLookAlike().Replace(folded, m => { digitRepairs++; return m.Value is "o" or "d" ? "0" : m.Value is "s" ? "5" : "1"; });
        var tokens = DateToken().Matches(folded).ToList();
        for (var k = 0; k + 5 < tokens.Count; k++)
        {
            if (!IsWord(tokens[k].Value, "ngay")) continue;
            // ngày D tháng M năm Y, allowing one stray token (a speck, a dot) between each pair.
            var at = k + 1;
            if (!TakeNumber(tokens, ref at, 2, out var d, out var r1)) continue;
            if (!TakeWord(tokens, ref at, "thang")) continue;
            if (!TakeNumber(tokens, ref at, 2, out var m, out var r2)) continue;
            if (!TakeWord(tokens, ref at, "nam")) continue;
            if (!TakeNumber(tokens, ref at, 4, out var y, out var r3)) continue;
            if (y is < 1945 or > 2100 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) continue;
            var place = segment[..tokens[k].Index].Trim().TrimEnd(',', '.', ';', ' ').Trim();
            place = Regex.Replace(place, @"^[^\p{L}]+", "");
            var exact = tokens[k].Value == "ngay" && tokens.Any(t => t.Value == "thang") && tokens.Any(t => t.Value == "nam");
            var confidence = Math.Max(0.3, (exact ? 0.95 : 0.8) - 0.15 * (r1 + r2 + r3 + digitRepairs));
            return new DateHit(0, new DateOnly(y, m, d), place.Length is > 1 and < 60 ? place : null, confidence);
        }
        // "ngày" itself unreadable ("nữ 12 tháng 6 năm 2019"): the day is the number before "tháng".
        for (var k = 1; k + 3 < tokens.Count; k++)
        {
            if (!IsWord(tokens[k].Value, "thang") || !tokens[k - 1].Value.All(char.IsAsciiDigit)) continue;
            var at = k - 1;
            if (!TakeNumber(tokens, ref at, 2, out var d, out _) || at != k) continue;
            at = k + 1;
            if (!TakeNumber(tokens, ref at, 2, out var m, out _) || !TakeWord(tokens, ref at, "nam") || !TakeNumber(tokens, ref at, 4, out var y, out _)) continue;
            if (y is < 1945 or > 2100 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) continue;
            var before = k >= 2 ? segment[..tokens[k - 2].Index] : "";
            var place = Regex.Replace(before.Trim().TrimEnd(',', '.', ';', ' ').Trim(), @"^[^\p{L}]+", "");
            return new DateHit(0, new DateOnly(y, m, d), place.Length is > 1 and < 60 ? place : null, 0.6);
        }
        var numeric = NumericDate().Match(segment);
        if (numeric.Success
            && int.TryParse(numeric.Groups[1].Value, CultureInfo.InvariantCulture, out var dd)
            && int.TryParse(numeric.Groups[2].Value, CultureInfo.InvariantCulture, out var mm)
            && int.TryParse(numeric.Groups[3].Value, CultureInfo.InvariantCulture, out var yy)
            && yy is >= 1945 and <= 2100 && mm is >= 1 and <= 12 && dd >= 1 && dd <= DateTime.DaysInMonth(yy, mm)
            && segment.Contains("ngày", StringComparison.OrdinalIgnoreCase))
            return new DateHit(0, new DateOnly(yy, mm, dd), null, 0.6);
        return null;
    }

    private static bool IsWord(string token, string word) =>
        token == word || (token.Length >= 2 && token.All(char.IsLetter) && Distance(token, word) <= (word.Length >= 5 ? 2 : 1)
            && token[0] == word[0]);

    private static bool TakeWord(List<Match> tokens, ref int at, string word)
    {
        for (var skip = 0; skip <= 1 && at + skip < tokens.Count; skip++)
            if (IsWord(tokens[at + skip].Value, word))
            {
                at += skip + 1;
                return true;
            }
        return false;
    }

    private static bool TakeNumber(List<Match> tokens, ref int at, int maxDigits, out int value, out int repairs)
    {
        value = 0;
        repairs = 0;
        for (var skip = 0; skip <= 1 && at + skip < tokens.Count; skip++)
        {
            var t = tokens[at + skip].Value;
            if (!t.All(char.IsAsciiDigit)) continue;
            var (digits, r) = RepairDigits(t);
            if (digits.Length == 0 || digits.Length > maxDigits || (maxDigits == 4 && digits.Length != 4)) continue;
            value = int.Parse(digits, CultureInfo.InvariantCulture);
            repairs = r;
            at += skip + 1;
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- type name and subject

    /// <summary>The first upper-case line after the number that is a type name, the nearest one when misread; a tie goes to the type the notation names.</summary>
    private static (int Line, string Name)? FindTypeLine(List<List<string>> segments, int after, int limit, string? notation)
    {
        var code = notation?.Split('-', '/')[0];
        for (var i = after; i < limit; i++)
        {
            if (segments[i].Count == 0) continue;
            foreach (var raw in segments[i].Count > 1 ? segments[i].Append(string.Join(' ', segments[i])) : segments[i])
            {
                if (raw.TrimEnd().EndsWith(':')) continue; // "QUYẾT ĐỊNH:" heads the articles, it is not the type line
                var seg = TrailingJunk().Replace(LeadingJunk().Replace(raw, ""), "");
                if (!IsMostlyUpper(seg)) continue;
                var folded = FoldWords(seg);
                var best = DocumentTypes
                    .Select(t => (t.Name, t.Code, d: Distance(folded, Fold(t.Name)), max: Fold(t.Name).Length >= 10 ? 2 : Fold(t.Name).Length >= 6 ? 1 : 0))
                    .Where(x => x.d <= x.max)
                    .OrderBy(x => x.d).ThenBy(x => x.Code == code ? 0 : 1).FirstOrDefault();
                if (best.Name is not null) return (i, best.Name);
            }
        }
        return null;
    }

    private sealed record SubjectHit(string Text, double Confidence);

    /// <summary>The trích yếu is one sentence: one to three centred lines (NĐ30 Phụ lục I, II.5).</summary>
    private const int MaxSubjectLines = 3;

    /// <summary>
    /// A line of 14 pt bold across the 165 mm of an A4 page holds about 70 characters; body lines in 14 pt regular run
    /// longer (77 on average in the measured corpus, where no subject line passed 62).
    /// </summary>
    private const int MaxSubjectLineChars = 72;

    private static SubjectHit? SubjectAfterType(List<List<string>> segments, int typeLine, int limit)
    {
        var parts = new List<string>();
        for (var i = typeLine + 1; i < limit && parts.Count < MaxSubjectLines; i++)
        {
            var seg = string.Join(' ', segments[i]);
            if (seg.Length == 0)
            {
                if (parts.Count == 0) continue;
                // OCR may set a subject's last line apart with a blank line: a line going on mid-sentence (lower-case
                // first letter) or a short one standing alone ("… và điều" / "" / "hành"); a body paragraph starts a
                // sentence and runs the full width.
                if (i + 1 < limit && LeadingJunk().Replace(string.Join(' ', segments[i + 1]), "") is { Length: > 0 } tail && !IsMostlyUpper(tail) && !IsJunk(tail)
                    && !BodyStarts.Any(b => tail.StartsWith(b, StringComparison.Ordinal))
                    && ((char.IsLower(tail[0]) && tail.Length <= 70)
                        || (tail.Length <= 25 && (i + 2 >= segments.Count || segments[i + 2].Count == 0))))
                {
                    parts.Add(tail);
                }
                break;
            }
            if (IsJunk(seg)) { if (parts.Count > 0) break; continue; }
            seg = LeadingJunk().Replace(seg, "");
            // Longer than a line of 14 pt bold can be: the body, the subject having been lost or ended. A line that
            // starts a sentence and runs far longer than the subject's lines so far is the body's first line too (a
            // subject's lines are set even).
            var length = Regex.Replace(seg, @"\s+", " ").Length;
            if (length > MaxSubjectLineChars) break;
            if (parts.Count > 0 && char.IsUpper(seg[0]) && length > 1.5 * parts.Max(x => x.Length)) break;
            // A subject may itself start like a body paragraph ("Thực hiện …"): only later lines end it so.
            if (IsMostlyUpper(seg) || (parts.Count > 0 && BodyStarts.Any(b => seg.StartsWith(b, StringComparison.Ordinal)))) break;
            parts.Add(seg);
        }
        if (parts.Count == 0) return null;
        var text = CleanSubject(string.Join(' ', parts));
        return text.Length < 4 ? null : new SubjectHit(text, parts.Count <= 3 ? 0.75 : 0.5);
    }

    private static SubjectHit? SubjectOfCongVan(List<List<string>> segments, int from, int limit)
    {
        for (var i = from; i < limit; i++)
            for (var j = 0; j < segments[i].Count; j++)
            {
                var m = VeViec().Match(segments[i][j]);
                if (!m.Success) continue;
                var parts = new List<string> { "V/v " + segments[i][j][(m.Index + m.Length)..].Trim() };
                // Continuation lines: the left column under the V/v line, until the addressees or the body. OCR may
                // put a blank line inside the V/v block; a short line after one still belongs to it.
                for (var k = i + 1; k < limit && k <= i + 5; k++)
                {
                    var afterBlank = false;
                    if (segments[k].Count == 0)
                    {
                        if (k + 1 >= limit || segments[k + 1].Count == 0) break;
                        k++;
                        afterBlank = true;
                    }
                    var first = segments[k][0];
                    if (IsJunk(first) || first.StartsWith("Kính gửi", StringComparison.Ordinal) || BodyStarts.Any(b => first.StartsWith(b, StringComparison.Ordinal))
                        || ParseDate(first) is not null || IsMostlyUpper(first) || (afterBlank && first.Length > 45)) break;
                    parts.Add(LeadingJunk().Replace(first, ""));
                }
                var text = CleanSubject(string.Join(' ', parts));
                return new SubjectHit(text, 0.7);
            }
        return null;
    }

    /// <summary>One line; specks of punctuation OCR put at the ends or before a lower-case word dropped; "V/V'" made "V/v".</summary>
    private static string CleanSubject(string s)
    {
        s = Regex.Replace(s, @"\s+", " ").Trim();
        s = LeadingJunk().Replace(s, "");
        s = Regex.Replace(s, @"(?:\s+(?:\p{L}+\d|\d+\p{L})[\p{L}\d]*)+$", ""); // a smudge read as "P9" at the end
        s = Regex.Replace(s, @"[\s_\-–—~=.,:;'`|]+$", "");
        s = Regex.Replace(s, @"(?<=\p{L})[.:;'`](?= \p{Ll})", "");
        s = Regex.Replace(s, @" [_~=|'`]+ ", " ");
        s = Regex.Replace(s, @"(?<=\p{L}) ?- ?(?=\p{L})", m => m.Value.Contains(' ', StringComparison.Ordinal) ? " - " : "-");
        s = Regex.Replace(s, @"(?<=\p{Ll})-(?=\p{Ll})", " "); // OCR's hyphen between two words of a sentence
        return s.Trim();
    }

    // ---------------------------------------------------------------- issuer

    private sealed record IssuerHit(string Name, IReadOnlyList<string> Lines, string? Code, double Confidence);

    private static IssuerHit? Issuer(List<List<string>> segments, int headerEnd, NumberHit? number, IReadOnlyCollection<KnownOrgan>? known)
    {
        var lines = new List<string>();
        for (var i = 0; i < Math.Min(headerEnd, segments.Count); i++)
        {
            // The organ is the left column: the first segment of a line (what follows a wide gap is the motto's
            // column); a line OCR ran across both columns has the motto or slogan cut out of it.
            if (segments[i].Count == 0 || (number is not null && i == number.Line)) continue;
            var seg = StripPhrase(StripPhrase(segments[i][0], Motto), Slogan);
            seg = Regex.Replace(seg, @"^[^\p{L}]+|[^\p{L}\d)]+$", "");
            if (seg.Length < 2 || IsJunk(seg) || !IsMostlyUpper(seg) || ParseDate(seg) is not null || MixedToken().IsMatch(seg)) continue;
            lines.Add(Regex.Replace(seg, @"\s+", " "));
        }
        if (lines.Count == 0) return null;

        // Group the lines into names: a line starting with an organ or body word begins a new one, unless the name
        // above is cut mid-way ("LIÊN ĐOÀN LAO ĐỘNG TỈNH" / "BÀ RỊA - VŨNG TÀU").
        var units = new List<string>();
        foreach (var line in lines)
        {
            var startsUnit = UnitStarts.Any(u => StartsWithWords(line, u));
            if (units.Count == 0 || (startsUnit && !OpenEnds.Any(e => EndsWithWords(units[^1], e))))
                units.Add(line);
            else
                units[^1] += " " + line;
        }
        var snaps = units.Select(u => known is { Count: > 0 } ? Snap(u, known) : null).ToList();
        for (var u = 0; u < units.Count; u++)
            if (snaps[u] is { } s) units[u] = s.Printed;
            else if (SnapBody(units[u]) is { } b) units[u] = b;
            else if (known is { Count: > 0 }) units[u] = RestoreMarks(units[u], known);
        // The body is part of the organ above it ("BAN THƯỜNG VỤ") unless its own name makes it an organ.
        var isPart = units.Count > 1 && !OrganWords.Any(w => HasWords(units[^1], w));
        var name = isPart ? units[^1] + " " + units[^2] : units[^1];
        var snap = isPart ? snaps[^2] : snaps[^1];
        return new IssuerHit(name, lines, snap?.Code, snap is not null ? 0.85 : 0.6);
    }

    private static bool StartsWithWords(string s, string folded) => (FoldWords(s) + " ").StartsWith(folded + " ", StringComparison.Ordinal);
    /// <summary>Folded, except "TỈNH", whose marks tell it from "HÀ TĨNH" (which closes a name).</summary>
    private static bool EndsWithWords(string s, string end) =>
        end == "TỈNH" ? (" " + s.TrimEnd()).EndsWith(" TỈNH", StringComparison.Ordinal) : (" " + FoldWords(s)).EndsWith(" " + end, StringComparison.Ordinal);
    private static bool HasWords(string s, string folded) => (" " + FoldWords(s) + " ").Contains(" " + folded + " ", StringComparison.Ordinal);

    /// <summary>Removes a fixed phrase (the national motto or slogan) from a line it was merged into, matched word by word loosely.</summary>
    private static string StripPhrase(string segment, string phrase)
    {
        var target = phrase.Split(' ');
        var words = WordWithPosition().Matches(segment).ToList();
        if (words.Count < target.Length / 2) return segment;
        // The start that matches most of the phrase; on a tie, the one whose first word is the phrase's own ("ĐỒNG
        // CỘNG HÒA" starts at CỘNG, not at ĐỒNG, one letter away from it).
        (int Start, int End, int Matched, bool Exact)? best = null;
        for (var start = 0; start < words.Count; start++)
        {
            var first = Fold(words[start].Value);
            var exact = first == target[0];
            if (!exact && Distance(first, target[0]) > 1) continue;
            var matched = 0;
            var w = start;
            foreach (var t in target)
            {
                if (w >= words.Count) break;
                var fw = Fold(words[w].Value);
                if (fw == t || (t.Length >= 3 && Distance(fw, t) <= 1)) { matched++; w++; }
                else if (w + 1 < words.Count && Fold(words[w + 1].Value) == t) { matched++; w += 2; }
            }
            if (matched < Math.Ceiling(target.Length * 0.6)) continue;
            if (best is null || matched > best.Value.Matched || (matched == best.Value.Matched && exact && !best.Value.Exact))
                best = (start, Math.Min(w, words.Count) - 1, matched, exact);
        }
        if (best is not { } b) return segment;
        var end = words[b.End];
        return (segment[..words[b.Start].Index] + " " + segment[(end.Index + end.Length)..]).Trim();
    }

    private sealed record SnapHit(string Printed, string Code);

    /// <summary>The known organ a header name is, when it is one up to a few misread letters: its name as printed, corrected.</summary>
    private static SnapHit? Snap(string unit, IReadOnlyCollection<KnownOrgan> known)
    {
        var f = FoldWords(unit);
        if (f.Length < 6) return null;
        SnapHit? best = null;
        var bestScore = double.MaxValue;
        foreach (var organ in known)
            foreach (var variant in PrintedForms(organ.Name))
            {
                var d = Distance(f, FoldWords(variant));
                var score = (double)d / Math.Max(f.Length, 1);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = new SnapHit(variant, organ.Code);
                }
            }
        // Close on the whole, and close on the words that tell organs apart: "THÀNH PHỐ BẾN TRE" is not "THÀNH PHỐ CẦN THƠ"
        // although the two names differ in 4 letters of 36.
        if (best is null || bestScore > 0.12) return null;
        var printed = FoldWords(best.Printed);
        if (Distance(f.Replace(" ", "", StringComparison.Ordinal), printed.Replace(" ", "", StringComparison.Ordinal)) <= 1) return best; // a lost space
        var mine = Distinctive(f);
        var theirs = Distinctive(printed);
        return Distance(mine, theirs) <= Math.Max(1, theirs.Length / 5) ? best : null;
    }

    /// <summary>Words that name every organ of a kind (federation, province, union) are set aside; what is left names this one.</summary>
    private static readonly HashSet<string> GenericWords =
        ["LIEN", "DOAN", "LAO", "DONG", "LDLD", "TONG", "CONG", "CD", "TINH", "THANH", "PHO", "HUYEN", "QUAN", "THI", "XA", "VIET", "NAM", "VA", "-"];

    private static string Distinctive(string folded) => string.Join(' ', folded.Split(' ').Where(w => !GenericWords.Contains(w)));

    /// <summary>Words of organ names, with their marks: those of the tree, of the bodies, and of administrative units.</summary>
    private static readonly string[] HeaderWords =
    [
        "LIÊN", "ĐOÀN", "LAO", "ĐỘNG", "CÔNG", "TỔNG", "TỈNH", "THÀNH", "PHỐ", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG",
        "VIỆT", "NAM", "CƠ", "SỞ", "NGÀNH", "CẤP", "TRÊN", "TRỰC", "TIẾP",
    ];

    /// <summary>
    /// A name not found as a whole (an organ below those of the tree) keeps its words, but a word OCR read without
    /// any mark takes the marks of the one word of the tree with those letters ("THANH PHO VINH" → THÀNH PHỐ VINH);
    /// pairs first, so "THANH PHO" is read as THÀNH PHỐ although Thanh Hóa has a THANH. A word read with marks is
    /// left alone: "DIỄN" is a word even if the tree only knows "ĐIỆN". Only with the tree: without it the
    /// vocabulary is too small to know which words are ambiguous.
    /// </summary>
    private static string RestoreMarks(string unit, IReadOnlyCollection<KnownOrgan> known)
    {
        var vocabulary = Vocabulary(known);
        var words = unit.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (i + 1 < words.Length && vocabulary.Pairs.TryGetValue(Fold(words[i]) + " " + Fold(words[i + 1]), out var pair) && pair is { } p
                && p.Split(' ') is [var a, var b] && (Unmarked(words[i]) || words[i] == a) && (Unmarked(words[i + 1]) || words[i + 1] == b))
            {
                (words[i], words[i + 1]) = (a, b);
                i++;
                continue;
            }
            if (Unmarked(words[i]) && !vocabulary.Marked.Contains(words[i]) && LettersOnly(words[i])
                && vocabulary.Words.TryGetValue(Fold(words[i]), out var word) && word is { } w)
                words[i] = w;
        }
        return string.Join(' ', words);
    }

    private static bool LettersOnly(string s) => s.All(char.IsLetter);

    private static bool Unmarked(string word) => word.All(char.IsAscii);

    private sealed record WordsAndPairs(Dictionary<string, string?> Words, Dictionary<string, string?> Pairs, HashSet<string> Marked);

    /// <summary>Folded word (pair) → the one word (pair) with marks it can be; null when it can be several.</summary>
    private static WordsAndPairs Vocabulary(IReadOnlyCollection<KnownOrgan> known)
    {
        var words = new Dictionary<string, string?>(StringComparer.Ordinal);
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal) { ["THANH PHO"] = "THÀNH PHỐ", ["THI XA"] = "THỊ XÃ" };
        static void Add(Dictionary<string, string?> d, string key, string value)
        {
            if (!d.TryGetValue(key, out var had)) d[key] = value;
            else if (had is not null && had != value) d[key] = null;
        }
        foreach (var name in known.SelectMany(o => PrintedForms(o.Name)).Concat(Bodies))
        {
            var w = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(LettersOnly).ToArray();
            foreach (var x in w) Add(words, Fold(x), x);
            for (var i = 0; i + 1 < w.Length; i++) Add(pairs, Fold(w[i]) + " " + Fold(w[i + 1]), w[i] + " " + w[i + 1]);
        }
        foreach (var x in HeaderWords) Add(words, Fold(x), x);
        return new WordsAndPairs(words, pairs, [.. words.Values.OfType<string>(), .. known.SelectMany(o => PrintedForms(o.Name)).SelectMany(n => n.Split(' '))]);
    }

    /// <summary>The body of <see cref="Bodies"/> a header line is, its marks misread or lost.</summary>
    private static string? SnapBody(string unit)
    {
        var f = FoldWords(unit);
        var (best, distance) = Bodies.Select(b => (b, d: Distance(f, FoldWords(b)))).MinBy(x => x.d);
        return distance <= Math.Max(0, FoldWords(best).Length / 10) ? best : null;
    }

    /// <summary>How a header may print an organ of the tree: in capitals, with its abbreviations written out or not.</summary>
    internal static IEnumerable<string> PrintedForms(string name)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        var upper = name.ToUpper(vi);
        yield return upper;
        var expanded = upper.Replace("TỔNG LĐLĐ", "TỔNG LIÊN ĐOÀN LAO ĐỘNG", StringComparison.Ordinal)
            .Replace("LĐLĐ", "LIÊN ĐOÀN LAO ĐỘNG", StringComparison.Ordinal)
            .Replace("TCTY", "TỔNG CÔNG TY", StringComparison.Ordinal).Replace("PTNT", "PHÁT TRIỂN NÔNG THÔN", StringComparison.Ordinal)
            .Replace("CĐ ", "CÔNG ĐOÀN ", StringComparison.Ordinal);
        if (expanded != upper) yield return expanded;
        var shortened = upper.Replace("TỔNG LIÊN ĐOÀN LAO ĐỘNG", "TỔNG LĐLĐ", StringComparison.Ordinal)
            .Replace("LIÊN ĐOÀN LAO ĐỘNG", "LĐLĐ", StringComparison.Ordinal);
        if (shortened != upper) yield return shortened;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Levenshtein distance.</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>Two or more spaces: the gap between the header's columns when OCR keeps spacing.</summary>
    [GeneratedRegex(@" {3,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^[^\p{L}\d""“(]+")]
    private static partial Regex LeadingJunk();

    [GeneratedRegex(@"[^\p{L}\d)""”]+$")]
    private static partial Regex TrailingJunk();

    /// <summary>A word of letters and digits mixed ("1ƯẾ0", "11g14"): what OCR makes of a rule or a smudge, not a name.</summary>
    [GeneratedRegex(@"\b(?:\p{L}+\d|\d+\p{L})[\p{L}\d]*")]
    private static partial Regex MixedToken();

    [GeneratedRegex(@"[A-Z0-9]+|-")]
    private static partial Regex WordRun();

    [GeneratedRegex(@"[\p{L}\p{M}]+|\d+")]
    private static partial Regex WordWithPosition();

    /// <summary>Tokens of a folded date line: letter runs and digit runs apart ("ngay05" → ngay, 05).</summary>
    [GeneratedRegex(@"[a-z]+|[0-9]+")]
    private static partial Regex DateToken();

    [GeneratedRegex(@"(?<=\d)[oidls|!]|[oil|!](?=\d)")]
    private static partial Regex DigitLookAlike();

    [GeneratedRegex(@"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")]
    private static partial Regex NumericDate();

    /// <summary>
    /// "Số: 12/QĐ-LĐLĐ" and its misreadings: the word Số with any mark or none (So, Sô, Sổ, S6, Sé, 5ố), colon or
    /// not; a number of up to six characters that look like digits, then a slash (or a bar); or, the slash lost
    /// ("411BC-LĐLĐ"), a number of real digits only, so the notation's first letter is not taken for one (B for 8);
    /// the notation, whose parts are joined by hyphens (or slashes, Party style; or a colon or tilde misread for a
    /// hyphen) with spaces allowed around them, or by a dot a speck left in a word; a space OCR put inside the first
    /// part ("T B-BTC") is allowed when a separator follows.
    /// </summary>
    [GeneratedRegex(@"^[^\p{L}\d]{0,4}(?:S\s?[ốôóòỏõọồổỗộớờởỡợoOơƠÔ06éèeêế]?|5[ốôóòỏõọồổỗộớờởỡợoơ])\s*[:;.,]{0,2}\s*(?:(?<num>[0-9OoDQIl|!SBZ]{1,6})\s*(?<slash>[/|\\]|-(?=\s*\p{Lu}))|(?<num>\d{1,6}))\s*(?<not>[\p{L}][\p{L}0-9]*(?: (?=\p{Lu}+\s*[-/~:])\p{Lu}+)?(?:\s*[-/~:]\s*[\p{L}0-9]+|\.[\p{L}0-9]+){0,4})")]
    private static partial Regex NumberLine();

    /// <summary>"V/v" and its misreadings (V/V', Vlv, V/y) at the start of a segment.</summary>
    [GeneratedRegex(@"^[^\p{L}]{0,6}[VY]\s?[/|lI1\\]\s?[vVyY]['’`.,]?(?=\s)")]
    private static partial Regex VeViec();
}
