using UnionOffice.Modules.Recognition;

namespace UnionOffice.Tests.Recognition;

/// <summary>
/// The proposer on first pages as tesseract gives them back: the texts below are shaped after real output on scanned
/// NĐ30 documents (columns kept apart by wide spaces, or run together; Đ read as Ð; specks read as punctuation).
/// </summary>
public sealed class FieldProposerTests
{
    private static readonly KnownOrgan[] Tree =
    [
        new("I02", "Tổng Liên đoàn Lao động Việt Nam"), new("I02.36", "LĐLĐ tỉnh Nghệ An"), new("I02.07", "LĐLĐ tỉnh Bến Tre"),
        new("I02.71", "Công đoàn Dầu khí Việt Nam"), new("I02.63", "LĐLĐ thành phố Hồ Chí Minh"),
    ];

    [Fact]
    public void Decision_OfAStandingCommittee_WithColumnsApart()
    {
        const string text = """
            LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                 BAN THƯỜNG VỤ                          Độc lập - Tự do - Hạnh phúc

            Số: 12/QĐ-LĐLĐ                        Nghệ An, ngày 05 tháng 3 năm 2026

                                     QUYẾT ĐỊNH
                 Về việc ban hành Quy chế quản lý, sử dụng Hệ thống
                           quản lý văn bản và điều hành

                  BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN

            Căn cứ Luật Công đoàn năm 2012;
            Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
            """;
        var p = FieldProposer.Propose(text);
        Assert.Equal("12", p.CodeNumber);
        Assert.Equal("QĐ-LĐLĐ", p.CodeNotation);
        Assert.Equal(new DateOnly(2026, 3, 5), p.IssuedOn);
        Assert.Equal("Nghệ An", p.Place);
        Assert.Equal("BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", p.IssuerName);
        Assert.Equal(["LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", "BAN THƯỜNG VỤ"], p.IssuerLines);
        Assert.Equal("Quyết định", p.TypeName);
        Assert.Equal("Về việc ban hành Quy chế quản lý, sử dụng Hệ thống quản lý văn bản và điều hành", p.Subject);
        Assert.True(p.Confidence.TypeName > 0.9, "type line and notation agree");
        Assert.Null(p.IssuerCode); // no tree given
    }

    [Fact]
    public void Decision_WithColumnsRunTogether_AndNoise()
    {
        // OCR without kept spacing: each line holds both columns.
        const string text = """
            LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            BAN THƯỜNG VỤ Độc lập - Tự do - Hạnh phúc
            So 159 / QÐ - LÐLÐ Bến Tre, ngảy O4 thảng 7 nảm 2018
            QUYÉT ĐỊNH
            Ban hành quy chế quản lý, sử dụng Hệ thống quản lý văn bản và điều hành
            VNPT-iOffice trong hệ thống Công đoàn tỉnh Bến Tre

            Thực hiện Nghị Quyết 36a/NQ-CP, ngày 14/10/2015 của Chính phủ về Chính phủ điện tử;
            """;
        var p = FieldProposer.Propose(text, Tree);
        Assert.Equal("159", p.CodeNumber);
        Assert.Equal("QĐ-LĐLĐ", p.CodeNotation);
        Assert.Equal(new DateOnly(2018, 7, 4), p.IssuedOn);
        Assert.Equal("BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH BẾN TRE", p.IssuerName);
        Assert.Equal("I02.07", p.IssuerCode);
        Assert.Equal("Quyết định", p.TypeName);
        Assert.Equal("Ban hành quy chế quản lý, sử dụng Hệ thống quản lý văn bản và điều hành VNPT-iOffice trong hệ thống Công đoàn tỉnh Bến Tre", p.Subject);
    }

    [Fact]
    public void CongVan_HasNoTypeLine_ItsSubjectIsTheVvLines_AndItsOrganIsSnappedToTheTree()
    {
        const string text = """
            TỔNG LĐLĐ VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

            CÔNG ĐOÀN DẦU                       __ Độc lập - Tự do - Hạnh phúc
            KHI VIỆT NAM                           :                                      :
            Số: 864/CĐDK-VP                       Hà Nội, ngày. 09 tháng 02 năm 2019

            .. V/V' cử cán bộ tham dự tập huấn
            nghiệp. vụ công tác văn thư, lưu trữ

            Kính gửi: - Các Liên đoàn Lao động huyện, thành phố, thị xã;
            - Các Công đoàn cấp trên trực tiếp cơ sở.

            Thực hiện Kế hoạch số 47/KH-LĐLĐ ngày 24/01/2018 của Ban Thường vụ Liên đoàn Lao động tỉnh về ứng dụng
            """;
        var p = FieldProposer.Propose(text, Tree);
        Assert.Equal("864", p.CodeNumber);
        Assert.Equal("CĐDK-VP", p.CodeNotation);
        Assert.Equal(new DateOnly(2019, 2, 9), p.IssuedOn);
        Assert.Equal("Công văn", p.TypeName);
        Assert.Equal("V/v cử cán bộ tham dự tập huấn nghiệp vụ công tác văn thư, lưu trữ", p.Subject);
        Assert.Equal("CÔNG ĐOÀN DẦU KHÍ VIỆT NAM", p.IssuerName); // "KHI" restored from the tree
        Assert.Equal("I02.71", p.IssuerCode);
    }

    [Fact]
    public void CongVan_VvBlockBrokenByABlankLine_IsKeptWhole()
    {
        const string text = """
            TỔNG LĐLĐ VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

            BAN TUYỂN GIÁO                            Độc lập - Tự do - Hạnh phúc

            Số: 1848/LĐLĐ-TG                     Hà Nội, ngày 02 tháng 01 năm 2025
            V/v tổ chức các hoạt động Tháng

            Công nhân năm 2025

            Kính gửi: Các Công đoàn ngành, Công đoàn cơ sở trực thuộc
            """;
        var p = FieldProposer.Propose(text);
        Assert.Equal("V/v tổ chức các hoạt động Tháng Công nhân năm 2025", p.Subject);
        // A department's name read with a wrong mark is written as the department is called.
        Assert.Equal("BAN TUYÊN GIÁO TỔNG LĐLĐ VIỆT NAM", p.IssuerName);
    }

    [Fact]
    public void TheMottosColumnFirst_ThenTheOrgan()
    {
        // Tesseract may give the right-hand block before the left one.
        const string text = """
            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            Độc lập - Tự do - Hạnh phúc
            Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019

            LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ
            HỒ CHÍ MINH
            Số: 05/KH-LĐLĐ

            KẾ HOẠCH
            Tổ chức Tháng Công nhân năm 2019
            """;
        var p = FieldProposer.Propose(text, Tree);
        Assert.Equal(new DateOnly(2019, 6, 29), p.IssuedOn);
        Assert.Equal("Thành phố Hồ Chí Minh", p.Place);
        Assert.Equal("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HỒ CHÍ MINH", p.IssuerName);
        Assert.Equal("I02.63", p.IssuerCode);
        Assert.Equal("05", p.CodeNumber);
        Assert.Equal("Kế hoạch", p.TypeName);
        Assert.Equal("Tổ chức Tháng Công nhân năm 2019", p.Subject);
    }

    [Fact]
    public void AnOrganUnderTheConfederation_IsTheIssuer_NotItsParent()
    {
        const string text = """
            TỔNG LĐLĐ VIỆT NAM            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            LIÊN ĐOÀN LAO ĐỘNG                Độc lập - Tự do - Hạnh phúc
            TỈNH NGHẸ AN
            Số: 210/BC-LĐLĐ               Nghệ An, ngày 22 tháng 8 năm 2021
            BÁO CÁO
            Kết quả thực hiện nhiệm vụ chuyển đổi số quý IV năm 2021
            """;
        var p = FieldProposer.Propose(text, Tree);
        Assert.Equal("LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN", p.IssuerName);
        Assert.Equal("I02.36", p.IssuerCode);
        Assert.Equal("Báo cáo", p.TypeName);
        // Without the tree the name stays as read.
        Assert.Equal("LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHẸ AN", FieldProposer.Propose(text).IssuerName);
    }

    [Fact]
    public void ADistrictFederation_IsNotTakenForTheCityOfTheTreeItResembles()
    {
        // "THÀNH PHỐ BẾN TRE" (a federation below the province, not in the tree) differs from "THÀNH PHỐ CẦN THƠ" by 4 letters of 36.
        var p = FieldProposer.Propose("""
            LĐLĐ TỈNH BẾN TRE              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            LIÊN ĐOÀN LAO ĐỘNG                      Độc lập - Tự do - Hạnh phúc
            THÀNH PHỐ BẾN TRE
            Số: 587/QĐ-LĐLĐ                      Bến Tre, ngày 17 tháng 02 năm 2018
            """, [.. Tree, new("I02.59", "LĐLĐ thành phố Cần Thơ")]);
        Assert.Equal("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ BẾN TRE", p.IssuerName);
        Assert.Null(p.IssuerCode);
    }

    [Fact]
    public void AHeaderLineRunIntoTheMotto_LosesOnlyTheMotto()
    {
        // The column gap lost and a space with it: "ĐỒNG" must stay (it is one letter from "CỘNG").
        var p = FieldProposer.Propose("""
            LĐLĐ TỈNHLÂM ĐỒNG ._ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            VĂN PHÒNG                             Độc lập - Tự do - Hạnh phúc .
            Số: 1933/QĐ-VP                  Lâm Đồng, ngày 03 tháng 01 năm 2019
            - QUYẾT ĐỊNH '

            Về việc cử cán bộ đi công tác doanh nghiệp P9
            """, [new("I02.31", "LĐLĐ tỉnh Lâm Đồng")]);
        Assert.Equal(["LĐLĐ TỈNHLÂM ĐỒNG", "VĂN PHÒNG"], p.IssuerLines);
        Assert.Equal("VĂN PHÒNG LĐLĐ TỈNH LÂM ĐỒNG", p.IssuerName); // the lost space restored from the tree
        Assert.Equal("I02.31", p.IssuerCode);
        Assert.Equal("Quyết định", p.TypeName); // the type line's specks do not hide it
        Assert.Equal("Về việc cử cán bộ đi công tác doanh nghiệp", p.Subject); // nor a smudge read as "P9"
        Assert.True(p.Confidence.TypeName > 0.9);
    }

    [Fact]
    public void ASubjectsLastLine_SetApartByOcr_IsKept()
    {
        var p = FieldProposer.Propose("""
            NHÀ XUẤT BẢN LAO ĐỘNG                   Độc lập - Tự do - Hạnh phúc
            Số: 1552/BC-NXB   :       :            Hà Nội, ngày 09 tháng 9 năm 2025
            BÁO CÁO

            -Tình hình quan hệ lao động và tranh

            chấp lao động tập thể năm 2025

            - Nâng cao chất lượng trang thông tin điện tử của Công đoàn để tăng tương tác
            """);
        Assert.Equal("Tình hình quan hệ lao động và tranh chấp lao động tập thể năm 2025", p.Subject);
    }

    [Theory]
    [InlineData("Số: 12/QĐ-LĐLĐ", "12", "QĐ-LĐLĐ")]
    [InlineData("Số: 03⁄QĐ-LĐLĐ -", "03", "QĐ-LĐLĐ")] // U+2044 FRACTION SLASH for the slash
    [InlineData("So: 12/QD-LDLD", "12", "QĐ-LĐLĐ")]
    [InlineData("Sô 12 / QĐ - LĐLĐ", "12", "QĐ-LĐLĐ")]
    [InlineData("Số:l2/QÐ-LĐLĐ", "12", "QĐ-LĐLĐ")]
    [InlineData("Số: O5/KH-TLĐ", "05", "KH-TLĐ")]
    [InlineData("S6: 159/QĐ-LĐLĐ", "159", "QĐ-LĐLĐ")]
    [InlineData("_ Số: 424/LĐLĐ-VP -", "424", "LĐLĐ-VP")]
    [InlineData("Số: 06/QĐÐ-LĐĐĐLĐ", "06", "QĐ-LĐLĐ")]
    [InlineData("Số: 1271/CTR-LDLD", "1271", "CTr-LĐLĐ")]
    [InlineData("Số:665/CTr-BTIC", "665", "CTr-BTC")]
    [InlineData("Số: 33/HD-CĐCT", "33", "HD-CĐCT")] // an organ's own abbreviation is kept, not "corrected"
    [InlineData("Số 09-NQ/TU", "09", "NQ/TU")]
    [InlineData("Số:411BC-LĐLĐ .", "411", "BC-LĐLĐ")] // the slash lost: B is the notation's, not an 8
    [InlineData(".5ố: 1303/TB-VP", "1303", "TB-VP")]
    [InlineData("Số:.1120/T B-BTC", "1120", "TB-BTC")]
    [InlineData("Số: 818/HD:TG", "818", "HD-TG")] // a colon misread for the hyphen
    [InlineData("Số: 07/BC-L:ĐLĐ", "07", "BC-LĐLĐ")] // a speck inside a known abbreviation
    [InlineData("Số: 5/KH~LĐLĐ", "5", "KH-LĐLĐ")]
    public void NumberAndNotation_ReadThroughNoise(string line, string number, string notation)
    {
        var p = FieldProposer.Propose($"CÔNG ĐOÀN VIÊN CHỨC VIỆT NAM\n{line}\nHà Nội, ngày 05 tháng 3 năm 2026\n");
        Assert.Equal(number, p.CodeNumber);
        Assert.Equal(notation, p.CodeNotation);
    }

    [Fact]
    public void AnOrganBelowTheTree_HasItsWordsMarkedAsTheTreeWritesThem()
    {
        var p = FieldProposer.Propose("""
            LĐLĐ TỈNH NGHỆ AN `       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            LIÊN ĐOÀN LAO ĐỘNG `           Độc lập - Tự do - Hạnh phúc
            THANH PHO VINH                          :
            Số: 1429/KH-LĐLĐ                    Vinh, ngày 13 tháng 8 năm 2018
            """, [.. Tree, new("I02.24", "LĐLĐ tỉnh Thanh Hóa"), new("I02.25", "LĐLĐ tỉnh Hà Tĩnh")]);
        Assert.Equal("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ VINH", p.IssuerName); // "THANH PHO" is THÀNH PHỐ, though Thanh Hóa has a THANH
        Assert.Null(p.IssuerCode);
    }

    [Fact]
    public void AnOrganNameCutAfterAMisreadWord_StaysOneName()
    {
        var p = FieldProposer.Propose("""
            TỐNG LĐLĐ VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            CÔNG ĐOÀN TỐNG                           Độc lập - Tự do - Hạnh phúc
            CÔNG TY HÀNG KHÔNG
            Số: 1965/TTr-CĐTCT                      Hà Nội, ngày 03 tháng 11 năm 2019
            """, [.. Tree, new("I02.80", "Công đoàn TCTy Hàng không")]);
        Assert.Equal("CÔNG ĐOÀN TỔNG CÔNG TY HÀNG KHÔNG", p.IssuerName);
        Assert.Equal("I02.80", p.IssuerCode);
    }

    [Fact]
    public void CongVan_WithSpecksBeforeTheVv()
    {
        var p = FieldProposer.Propose("""
            LIÊN ĐOÀN LAO ĐỘNG           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM.
            TỈNH QUẢNG BÌNH                         Độc lập - Tự do'- Hạnh phúc -
            BAN THƯỜNG VỤ                                             ẽ                                     ;
            Số: 26/LĐÐĐLĐ-UBKT            . Quảng Bình, ngày 21 tháng 12 năm 2024

            .__ V/v cử cán bộ tham dự tập huấn
            nghiệp vụ công tác văn thư, lưu trữ

            KHẨN
            """);
        Assert.Equal("Công văn", p.TypeName);
        Assert.Equal("V/v cử cán bộ tham dự tập huấn nghiệp vụ công tác văn thư, lưu trữ", p.Subject);
        Assert.Equal("LĐLĐ-UBKT", p.CodeNotation);
        Assert.Equal("BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG BÌNH", p.IssuerName);
    }

    [Fact]
    public void TheSubjectEnds_WhereTheBodyBegins_EvenWithoutABlankLine()
    {
        const string header = """
            TỔNG LĐLĐ VIỆT NAM           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
            CÔNG ĐOÀN Y TẾ VIỆT NAM `               Độc lập - Tự do - Hạnh phúc
            Số: 213/BC-CĐYT ..   :           Hà Nội, ngày 23 tháng 6 năm 2026
            :                     BÁO CÁO

            """;
        var p = FieldProposer.Propose(header + """
            Sơ kết 6 tháng đầu năm và phương ˆ
            hướng nhiệm vụ 6 tháng cuối năm 2026
            Thay đổi nhận thức của cán bộ công đoàn, đoàn viên, người lao động, thể hiện
            tư duy, ý chí quyết tâm của cả hệ thống công đoàn trong việc tiếp cận và ứng dụng
            """);
        Assert.Equal("Sơ kết 6 tháng đầu năm và phương hướng nhiệm vụ 6 tháng cuối năm 2026", p.Subject);

        // A body line shorter than a full line, but far longer than the subject's even lines, starting a sentence.
        var shortBody = FieldProposer.Propose(header + """
            Tập huấn nghiệp vụ công tác văn
            thư, lưu trữ cho cán bộ công đoàn
            Đầu tư phát triển hạ tầng, nguồn nhân lực phục vụ công tác chuyển đổi số
            trong hệ thống công đoàn
            """);
        Assert.Equal("Tập huấn nghiệp vụ công tác văn thư, lưu trữ cho cán bộ công đoàn", shortBody.Subject);
        Assert.Equal("CÔNG ĐOÀN Y TẾ VIỆT NAM", p.IssuerName);
        Assert.Equal("Báo cáo", p.TypeName);

        // OCR lost the subject lines: the body's first paragraph is not offered in their place.
        var lost = FieldProposer.Propose(header + """
            Khi truy cập Hệ thống qua mạng, các cá nhân, đơn vị có trách nhiệm tự quản
            lý tài khoản và bảo quản mật khẩu của mình. Trong mọi trường hợp, không được
            """);
        Assert.Null(lost.Subject);
    }

    [Theory]
    [InlineData("Nghệ An, ngày 05 tháng 3 năm 2026", 2026, 3, 5, "Nghệ An")]
    [InlineData("Hà Nội, ngảy O5 thảng 01 nãm 2O26", 2026, 1, 5, "Hà Nội")]
    [InlineData("-_ Hà Tĩnh, ngày. 22 tháng 8 năm 2021.", 2021, 8, 22, "Hà Tĩnh")]
    [InlineData("Bà Rịa - Vũng Tàu, ngay 29 thang 6 nam 2019", 2019, 6, 29, "Bà Rịa - Vũng Tàu")]
    [InlineData("Bến Tre, ngàyl8 tháng 10 năm 2023", 2023, 10, 18, "Bến Tre")]
    [InlineData("Đồng Nai, nữ 12 tháng 6 năm 2019", 2019, 6, 12, "Đồng Nai")] // "ngày" unreadable
    public void Date_ReadThroughNoise(string line, int y, int m, int d, string place)
    {
        var p = FieldProposer.Propose($"LIÊN ĐOÀN LAO ĐỘNG TỈNH X\nSố: 1/TB-LĐLĐ        {line}\n");
        Assert.Equal(new DateOnly(y, m, d), p.IssuedOn);
        Assert.Equal(place, p.Place);
    }

    [Fact]
    public void AnImpossibleDate_IsNotProposed_AndTheBodysDatesAreNotTakenForIt()
    {
        var p = FieldProposer.Propose("""
            LIÊN ĐOÀN LAO ĐỘNG TỈNH NGHỆ AN
            Số: 1/TB-LĐLĐ        Nghệ An, ngày 31 tháng 2 năm 2026
            THÔNG BÁO
            Kết luận của Thường trực tại buổi làm việc về công tác chuyển đổi số

            Ngày đầu năm, Thường trực Liên đoàn Lao động tỉnh đã làm việc với Văn phòng
            và các ban về việc triển khai ứng dụng Văn phòng điện tử. Sau khi nghe báo cáo,
            Thường trực kết luận như sau:

            1. Thực hiện đúng Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;
            """);
        Assert.Null(p.IssuedOn);
        Assert.Null(p.Confidence.IssuedOn);
        Assert.Equal("1", p.CodeNumber);
    }

    [Theory]
    [InlineData("THÔNG BẢO", "TB", "Thông báo")]  // nearer to Thông báo than to Thông cáo
    [InlineData("THÔNG CẢO", "TC", "Thông cáo")]
    [InlineData("KÉ HOẠCH", "KH", "Kế hoạch")]
    [InlineData("TỜ TRÌNH", "TTr", "Tờ trình")]
    [InlineData("CHƯƠNG TRINH", "CTr", "Chương trình")]
    public void TypeLine_ReadThroughNoise(string typeLine, string code, string expected)
    {
        var p = FieldProposer.Propose($"BAN TỔ CHỨC\nSố: 7/{code}-TLĐ      Hà Nội, ngày 05 tháng 3 năm 2026\n{typeLine}\nVề công tác năm 2026\n");
        Assert.Equal(expected, p.TypeName);
        Assert.Equal("Về công tác năm 2026", p.Subject);
    }

    [Fact]
    public void TypeFromTheNotation_WhenTheTypeLineIsUnreadable()
    {
        var p = FieldProposer.Propose("BAN TỔ CHỨC\nSố: 7/KH-TLĐ      Hà Nội, ngày 05 tháng 3 năm 2026\nK# H/\\CH\n\n");
        Assert.Equal("Kế hoạch", p.TypeName);
        Assert.True(p.Confidence.TypeName < 0.9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\f\f")]
    [InlineData("::: ___ ...\n\n—")]
    [InlineData("Lorem ipsum dolor sit amet, consectetur adipiscing elit.")]
    public void NothingToRead_ProposesNothing(string text)
    {
        var p = FieldProposer.Propose(text);
        Assert.Null(p.CodeNumber);
        Assert.Null(p.CodeNotation);
        Assert.Null(p.IssuedOn);
        Assert.Null(p.TypeName);
        Assert.Null(p.Subject);
        Assert.Empty(p.IssuerLines);
        Assert.Null(p.Confidence.CodeNumber);
    }

    [Fact]
    public void WindowsLineEnds_ReadAsAnyOther()
    {
        var p = FieldProposer.Propose("BAN TỔ CHỨC\r\nSố: 7/KH-TLĐ      Hà Nội, ngày 05 tháng 3 năm 2026\r\nKẾ HOẠCH\r\nTập huấn nghiệp vụ công tác văn\r\nthư, lưu trữ năm 2026\r\n\r\nThực hiện");
        Assert.Equal("Tập huấn nghiệp vụ công tác văn thư, lưu trữ năm 2026", p.Subject);
    }

    [Fact]
    public void OnlyTheFirstPageIsRead()
    {
        var p = FieldProposer.Propose("BAN TỔ CHỨC\f Số: 7/KH-TLĐ      Hà Nội, ngày 05 tháng 3 năm 2026");
        Assert.Null(p.CodeNumber);
    }
}
