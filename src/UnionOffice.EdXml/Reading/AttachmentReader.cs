using System.Security.Cryptography;
using System.Xml;

namespace UnionOffice.EdXml.Reading;

/// <summary>
/// AttachmentEncoded: each Attachment's metadata, then its ContentTransferEncoded decoded from base64 in chunks into
/// the sink, hashed and counted on the way. Nothing of the content is kept here.
/// </summary>
internal sealed class AttachmentReader(ReadContext ctx, IEdXmlAttachmentSink sink)
{
    private static readonly HashSet<string> MetadataNames = ["ContentId", "AttachmentName", "Description", "ContentType"];
    private readonly byte[] _buffer = new byte[96 * 1024];
    private long _total;

    public List<EdXmlReceivedAttachment> Received { get; } = [];

    /// <summary>The reader is on AttachmentEncoded; afterwards it is past its end.</summary>
    public async Task ReadAsync(IReadOnlyList<ManifestEntry> manifest, CancellationToken ct)
    {
        var r = ctx.Reader;
        const string path = "edXML/AttachmentEncoded";
        ctx.Path = path;
        if (r.IsEmptyElement)
        {
            await r.ReadAsync();
            return;
        }
        var depth = r.Depth;
        var index = 0;
        await r.ReadAsync();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            switch (r.NodeType)
            {
                case XmlNodeType.Element when r.LocalName == EdXmlNames.Attachment && r.NamespaceURI == EdXmlNames.Namespace:
                    if (++index > ctx.Options.MaxAttachments)
                        throw ctx.Fail(EdXmlErrorCodes.TooManyAttachments, $"{path}/Attachment[{index}]", $"Thông điệp có quá {ctx.Options.MaxAttachments} tệp đính kèm.");
                    await ReadAttachmentAsync($"{path}/Attachment[{index}]", manifest, ct);
                    ctx.Path = path;
                    continue;
                case XmlNodeType.Element:
                    ctx.NoteIgnored(path + "/" + r.LocalName);
                    await r.SkipAsync();
                    continue;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (!string.IsNullOrWhiteSpace(await ctx.ReadBoundedValueAsync(path, ctx.Options.MaxFieldChars)))
                        throw ctx.Fail(EdXmlErrorCodes.UnexpectedElement, path, "AttachmentEncoded chỉ chứa các phần tử Attachment.");
                    break;
                case XmlNodeType.EndElement when r.Depth == depth:
                    await r.ReadAsync();
                    return;
            }
            if (!await r.ReadAsync()) throw ctx.Fail(EdXmlErrorCodes.Malformed, path, "Thông điệp bị cắt cụt.");
        }
    }

    private async Task ReadAttachmentAsync(string path, IReadOnlyList<ManifestEntry> manifest, CancellationToken ct)
    {
        var r = ctx.Reader;
        ctx.Path = path;
        var metadata = new Dictionary<string, string?>();
        var contentRead = false;
        if (!r.IsEmptyElement)
        {
            var depth = r.Depth;
            await r.ReadAsync();
            while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                ct.ThrowIfCancellationRequested();
                switch (r.NodeType)
                {
                    case XmlNodeType.Element when r.NamespaceURI == EdXmlNames.Namespace && MetadataNames.Contains(r.LocalName):
                        var name = r.LocalName;
                        if (contentRead)
                            throw ctx.Fail(EdXmlErrorCodes.UnexpectedElement, $"{path}/{name}", $"{name} phải đứng trước ContentTransferEncoded trong Attachment.");
                        if (metadata.ContainsKey(name))
                            throw ctx.Fail(EdXmlErrorCodes.DuplicateElement, $"{path}/{name}", $"Phần tử {name} chỉ được có một lần trong Attachment.");
                        metadata[name] = await ctx.ReadTextElementAsync($"{path}/{name}");
                        continue;
                    case XmlNodeType.Element when r.NamespaceURI == EdXmlNames.Namespace && r.LocalName == EdXmlNames.ContentTransferEncoded:
                        if (contentRead)
                            throw ctx.Fail(EdXmlErrorCodes.DuplicateElement, $"{path}/{EdXmlNames.ContentTransferEncoded}", "Attachment chỉ được có một ContentTransferEncoded.");
                        var info = Describe(path, metadata, manifest);
                        Received.Add(await ReadContentAsync($"{path}/{EdXmlNames.ContentTransferEncoded}", info, ct));
                        contentRead = true;
                        continue;
                    case XmlNodeType.Element:
                        ctx.NoteIgnored(path + "/" + r.LocalName);
                        await r.SkipAsync();
                        continue;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (!string.IsNullOrWhiteSpace(await ctx.ReadBoundedValueAsync(path, ctx.Options.MaxFieldChars)))
                            throw ctx.Fail(EdXmlErrorCodes.UnexpectedElement, path, "Attachment chỉ chứa các phần tử con, không chứa văn bản.");
                        break;
                }
                if (!await r.ReadAsync()) throw ctx.Fail(EdXmlErrorCodes.Malformed, path, "Thông điệp bị cắt cụt.");
            }
        }
        if (!contentRead)
            throw ctx.Fail(EdXmlErrorCodes.MissingElement, $"{path}/{EdXmlNames.ContentTransferEncoded}", "Attachment thiếu nội dung (ContentTransferEncoded).");
        await r.ReadAsync();
    }

    // The manifest's metadata first: it is inside the envelope, so a signature covers it; the Attachment element's
    // own (outside the envelope, unsigned) only fills what the manifest leaves out.
    private EdXmlAttachmentInfo Describe(string path, Dictionary<string, string?> metadata, IReadOnlyList<ManifestEntry> manifest)
    {
        var contentId = metadata.GetValueOrDefault("ContentId")
            ?? throw ctx.Fail(EdXmlErrorCodes.MissingElement, path + "/ContentId", "Attachment phải có ContentId trước ContentTransferEncoded.");
        var entry = manifest.FirstOrDefault(m => m.ContentId == contentId)
            ?? throw ctx.Fail(EdXmlErrorCodes.UnlistedAttachment, path + "/ContentId", $"Tệp đính kèm '{contentId}' không có trong danh mục (edXMLManifest).");
        if (Received.Any(a => a.Info.ContentId == contentId))
            throw ctx.Fail(EdXmlErrorCodes.DuplicateAttachment, path + "/ContentId", $"Tệp đính kèm '{contentId}' có hai lần.");
        var name = entry.AttachmentName ?? metadata.GetValueOrDefault("AttachmentName")
            ?? throw ctx.Fail(EdXmlErrorCodes.MissingElement, path + "/AttachmentName", $"Tệp đính kèm '{contentId}' không có tên (AttachmentName).");
        return new EdXmlAttachmentInfo(contentId, name, entry.ContentType ?? metadata.GetValueOrDefault("ContentType") ?? "application/octet-stream",
            entry.Description ?? metadata.GetValueOrDefault("Description"));
    }

    private async Task<EdXmlReceivedAttachment> ReadContentAsync(string path, EdXmlAttachmentInfo info, CancellationToken ct)
    {
        var r = ctx.Reader;
        ctx.Path = path;
        var target = await sink.OpenAsync(info, ct);
        var completed = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            int n;
            while ((n = await ReadChunkAsync(path)) > 0)
            {
                ct.ThrowIfCancellationRequested();
                length += n;
                _total += n;
                if (_total > ctx.Options.MaxTotalAttachmentBytes)
                    throw ctx.Fail(EdXmlErrorCodes.AttachmentsTooLarge, path, $"Các tệp đính kèm lớn quá {ctx.Options.MaxTotalAttachmentBytes / (1024 * 1024)} MB cho phép.");
                hash.AppendData(_buffer, 0, n);
                await target.WriteAsync(_buffer.AsMemory(0, n), ct);
            }
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            var handle = await sink.CompleteAsync(info, target, length, sha256, ct);
            completed = true;
            return new EdXmlReceivedAttachment(info, length, sha256, handle);
        }
        finally
        {
            if (!completed) await sink.AbandonAsync(info, target);
            await target.DisposeAsync();
        }
    }

    private async Task<int> ReadChunkAsync(string path)
    {
        try
        {
            return await ctx.Reader.ReadElementContentAsBase64Async(_buffer, 0, _buffer.Length);
        }
        catch (Exception e) when (e is XmlException or FormatException && e.Message.Contains("base64", StringComparison.OrdinalIgnoreCase))
        {
            throw ctx.Fail(EdXmlErrorCodes.InvalidBase64, path, "Nội dung tệp đính kèm không phải base64 hợp lệ: " + e.Message);
        }
    }
}
