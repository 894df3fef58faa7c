using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace UnionOffice.EdXml.Tests;

public class SampleTests
{
    [Fact]
    public async Task Read_NewDocumentSample_GivesItsFields()
    {
        var result = await Messages.ReadAsync(Samples.Bytes(Samples.New));

        var d = Assert.IsType<EdXmlDocument>(result.Message);
        Assert.Equal(new EdXmlOrgan("000.00.11.H53", "Sở Tính", "Tỉnh Tây Ninh", null, "stc@tayninh.gov.vn"), d.From);
        Assert.Equal([new EdXmlOrgan("000.00.01.A53", "Văn phòng tỉnh ủy", "Tỉnh Tây Ninh", "Tỉnh Tây Ninh", "vptu@tayninh.gov.vn")], d.To);
        Assert.Equal("000.00.11.H53,2020/10/30,2491/STC-BCTC", d.DocumentId);
        Assert.Equal(new EdXmlCode("2491", "STC-BCTC"), d.Code);
        // The sample writes 30/10/2020 (dd/MM/yyyy): read as the same day.
        Assert.Equal(new EdXmlPromulgationInfo("Tây Ninh", new DateOnly(2020, 10, 30)), d.Promulgation);
        Assert.Equal(new EdXmlDocumentType(1, 0, "Công văn"), d.DocumentType);
        Assert.Equal("Báo cáo tài chính tỉnh", d.Subject);
        Assert.Equal("Báo cáo tài chính tỉnh", d.Content);
        Assert.Equal(new EdXmlSignerInfo(), d.Signer);
        Assert.Null(d.DueDate);
        Assert.Equal(new EdXmlOtherInfo { Priority = 0, SphereOfPromulgation = "Liên thông văn bản", PromulgationAmount = 2, PageAmount = 22, Direction = false }, d.OtherInfo);
        Assert.Equal(1, d.SteeringType);
        Assert.Equal(["Cac bo va co quan ngang bo", "Uy ban nhan dan cac tinh, TP"], d.ToPlaces);
        Assert.Empty(d.ResponseFor);
        Assert.Equal([new EdXmlTraceHeader("000.00.00.G22", new DateTime(2018, 9, 28, 0, 0, 0))], d.Trace!.TraceHeaders);
        Assert.Equal(new EdXmlBusiness
        {
            DocType = EdXmlBusinessDocType.New,
            DocumentId = "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT",
            Reason = "Văn bản điện tử mới",
            Paper = 0,
            StaffInfo = new EdXmlStaffInfo("Văn thư văn phòng", "Nguyễn Thị Ngọc Trâm", "vanthuvanphong@gov.vn", "84912000001"),
        }, d.Trace.Business);
        Assert.Equal([new EdXmlAttachmentInfo("cid:209", "1896_QD-TTg_m_294779.doc", "application/zip", "1896_QD-TTg_m_294779.doc")], d.Attachments);
    }

    [Theory]
    [InlineData(Samples.New)]
    [InlineData(Samples.Update)]
    public async Task Read_DocumentSample_DecodesTheAttachmentExactly(string sample)
    {
        var result = await Messages.ReadAsync(Samples.Bytes(sample));

        // The oracle: the base64 text cut out of the file with a regular expression and decoded by Convert.
        var base64 = Regex.Match(Samples.Text(sample), "<edXML:ContentTransferEncoded[^>]*>([^<]*)<").Groups[1].Value;
        var expected = Convert.FromBase64String(base64);
        var attachment = Assert.Single(result.Attachments);
        Assert.Equal(expected, (byte[])attachment.Handle!);
        Assert.Equal(expected.Length, attachment.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), attachment.Sha256);
        Assert.Equal("PK"u8.ToArray(), expected[..2]); // a zip, as ContentType says
    }

    [Fact]
    public async Task Read_UpdateSample_GivesRecipientsAndTheUpdate()
    {
        var result = await Messages.ReadAsync(Samples.Bytes(Samples.Update));

        var d = Assert.IsType<EdXmlDocument>(result.Message);
        Assert.Equal(["000.00.00.H53", "000.00.12.H53", "000.00.00.G17"], d.To.Select(t => t.OrganId));
        Assert.Equal("UBND Tỉnh Cao Bằng", d.To[1].OrganName);
        Assert.Equal(new EdXmlCode("7816", "VPCP-TTĐT"), d.Code);
        Assert.Equal(new DateOnly(2018, 9, 28), d.Promulgation.PromulgationDate);
        Assert.Equal("V/v kết nối, liên thông phần mềm quản lý văn bản", d.Subject);
        Assert.Equal(new EdXmlSignerInfo("TL. BO TRUONG", "Cuc truong cuc ung dung cong nghe thong tin", "Nguyen Thanh Phuc"), d.Signer);
        Assert.Equal(new DateOnly(2018, 9, 28), d.DueDate);
        Assert.Equal("TVC", d.OtherInfo.TyperNotation);
        Assert.Equal(["Công văn về việc kết nối, liên thông phần mềm quản lý văn bản"], d.OtherInfo.Appendixes);
        var business = d.Trace!.Business!;
        Assert.Equal(EdXmlBusinessDocType.Update, business.DocType);
        Assert.Equal("Cập nhật văn bản điện tử", business.Reason);
        Assert.Equal(new EdXmlBusinessDocumentInfo(1, 1, [new EdXmlReceiver("000.00.00.H41", 0), new EdXmlReceiver("000.00.00.H14", 1)]), business.DocumentInfo);
    }

    [Fact]
    public async Task Read_StatusSample_GivesTheStatus()
    {
        var result = await Messages.ReadAsync(Samples.Bytes(Samples.Status));

        var s = Assert.IsType<EdXmlStatus>(result.Message);
        Assert.Equal("000.00.00.H41", s.From.OrganId);
        Assert.Equal("UBND Tỉnh Nghệ An", s.From.OrganName);
        Assert.Equal("Số 03, đường Trường Thi, Thành phố Vinh, Tỉnh Nghệ An, Việt Nam", s.From.OrganAdd);
        Assert.Equal(new EdXmlResponseFor("000.00.00.G22", "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT", "7816/VPCP-TTĐT", new DateOnly(2015, 9, 30)), s.ResponseFor);
        Assert.Equal(new EdXmlStaffInfo("Phong hanh chinh", "Nguyen thi ngoc tram", "ngoctram@nghean.vn", "84912000001"), s.StaffInfo);
        Assert.Equal(EdXmlStatusCode.InProgress, s.StatusCode);
        Assert.Equal("Đang xử lý văn bản đến", s.Description);
        Assert.Equal(new DateTime(2015, 9, 20, 11, 8, 36), s.Timestamp);
        Assert.Empty(result.Attachments);
        Assert.Null(result.Signature);
        Assert.Empty(result.IgnoredElements);
    }

    [Theory]
    [InlineData(Samples.New)]
    [InlineData(Samples.Update)]
    public async Task Read_SampleSignatureOutsideXmlDsig_IsReportedUnverifiable(string sample)
    {
        var result = await Messages.ReadAsync(Samples.Bytes(sample));

        Assert.Equal(EdXmlSignatureStatus.Unverifiable, result.Signature!.Status);
        Assert.Null(result.Signature.Certificate);
        Assert.Contains("XML-DSig", result.Signature.Reason);
    }
}
