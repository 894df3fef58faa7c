using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Audit;
using UnionOffice.Modules.Files;
using UnionOffice.Modules.Notifications;

namespace UnionOffice.Modules.Meetings;

public sealed record MaterialDto(Guid Id, Guid SeriesId, int Number, string Title, string? AgendaItem, bool Released, bool Downloadable, bool CanDownload,
    DateTimeOffset UploadedAt, string? MyNote, bool ForOpinion = false, string? MyOpinion = null, int Opinions = 0, bool Manage = false);
public sealed record OpinionDto(string Name, string Text, int OnNumber, DateTimeOffset GivenAt);

/// <summary>
/// Tài liệu họp (issue 19): PDFs the office adds per meeting or agenda item, in versions; the invitees (and their
/// substitutes) see the latest released version of each, in the page — a phone or tablet included — with their name and
/// the time marked on every page of what they open; they download only what the office allows; each keeps private notes;
/// every opening is in the audit log. Secret (Mật) materials stay outside the system, as for documents.
/// </summary>
public sealed class MeetingMaterials(AppDbContext db, CurrentUser current, Auditor audit, Notifier notify, IFileStore store, Meetings meetings, TimeProvider time)
{
    public async Task<Guid> UploadAsync(Guid meetingId, IFormFile file, string? title, Guid? agendaItemId, bool downloadable, Guid? replaces, CancellationToken ct,
        bool forOpinion = false, string? secrecy = null)
    {
        // Seed 002 Điều 5: Mật, Tối mật, Tuyệt mật materials stay outside the system, as documents do.
        Incoming.IncomingDocument.RefuseSecret(secrecy);
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        if (!manage) throw new DomainException(Error.Forbidden);
        if (agendaItemId is { } a && !await db.AgendaItems.AnyAsync(x => x.Id == a && x.MeetingId == m.Id, ct)) throw new DomainException(MeetingErrors.NotFound);
        MeetingMaterial? previous = null;
        if (replaces is { } r)
            previous = await db.MeetingMaterials.Where(x => x.MeetingId == m.Id && x.SeriesId == r).OrderByDescending(x => x.Number).FirstOrDefaultAsync(ct)
                ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        await using var stream = file.OpenReadStream();
        var content = await store.PutAsync(stream, file.FileName, ct);
        if (content.ContentType != "application/pdf") throw new DomainException(MeetingErrors.MaterialNotPdf);
        var now = time.GetUtcNow();
        var doc = new DocumentFile("meeting", m.Id, content, file.FileName, current.UserId!.Value, now);
        db.DocumentFiles.Add(doc);
        var material = new MeetingMaterial(m.Id, agendaItemId ?? previous?.AgendaItemId, previous?.SeriesId, (previous?.Number ?? 0) + 1,
            string.IsNullOrWhiteSpace(title) ? previous?.Title ?? Path.GetFileNameWithoutExtension(file.FileName) : title, doc.Id, downloadable, current.UserId!.Value, now,
            forOpinion || previous?.ForOpinion == true);
        db.MeetingMaterials.Add(material);
        audit.Record("meeting.material.added", m.OrganizationId, "meeting", m.Id.ToString(), new { material = material.Id, material.Number });
        await db.SaveChangesAsync(ct);
        return material.Id;
    }

    /// <summary>The office releases a version: from then on the invitees see it (the latest released of its series).</summary>
    public async Task ReleaseAsync(Guid meetingId, Guid materialId, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        if (!manage) throw new DomainException(Error.Forbidden);
        var material = await db.MeetingMaterials.FirstOrDefaultAsync(x => x.Id == materialId && x.MeetingId == m.Id, ct) ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        material.Release(time.GetUtcNow());
        if (m.Status is not (MeetingStatus.Draft or MeetingStatus.Cancelled))
            notify.Tell(await InvitedAsync(m.Id, ct), NotificationKinds.MeetingMaterial, $"Tài liệu họp: {material.Title}{(material.Number > 1 ? $" (bản {material.Number})" : "")} – {m.Title}",
                $"/meetings/{m.Id}");
        audit.Record("meeting.material.released", m.OrganizationId, "meeting", m.Id.ToString(), new { material = material.Id });
        await db.SaveChangesAsync(ct);
    }

    public async Task<List<MaterialDto>> ListAsync(Guid meetingId, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        var all = await (from x in db.MeetingMaterials.AsNoTracking()
                         join a in db.AgendaItems on x.AgendaItemId equals a.Id into ag
                         from a in ag.DefaultIfEmpty()
                         where x.MeetingId == m.Id
                         orderby x.UploadedAt
                         select new { x, Agenda = a == null ? null : a.Title }).ToListAsync(ct);
        var visible = manage ? all : all.Where(v => v.x.Released).GroupBy(v => v.x.SeriesId).Select(g => g.MaxBy(v => v.x.Number)!).ToList();
        var me = current.UserId;
        var series = visible.Select(v => v.x.SeriesId).ToList();
        var notes = await db.MaterialNotes.AsNoTracking().Where(n => n.UserId == me && series.Contains(n.SeriesId)).ToDictionaryAsync(n => n.SeriesId, n => n.Text, ct);
        var opinions = await db.MaterialOpinions.AsNoTracking().Where(o => o.MeetingId == m.Id).Select(o => new { o.SeriesId, o.UserId, o.Text }).ToListAsync(ct);
        return visible.Select(v => new MaterialDto(v.x.Id, v.x.SeriesId, v.x.Number, v.x.Title, v.Agenda, v.x.Released, v.x.Downloadable, manage || v.x.Downloadable,
            v.x.UploadedAt, notes.GetValueOrDefault(v.x.SeriesId), v.x.ForOpinion, opinions.FirstOrDefault(o => o.SeriesId == v.x.SeriesId && o.UserId == me)?.Text,
            manage ? opinions.Count(o => o.SeriesId == v.x.SeriesId) : 0, manage)).ToList();
    }

    /// <summary>The material marked with the reader's name and the time on every page; to download, only where allowed; logged either way.</summary>
    public async Task<(byte[] Content, string FileName)> OpenAsync(Guid meetingId, Guid materialId, bool download, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        var material = await db.MeetingMaterials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == materialId && x.MeetingId == m.Id && (manage || x.Released), ct)
            ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        if (download && !manage && !material.Downloadable) throw new DomainException(MeetingErrors.MaterialNoDownload);
        var file = await db.DocumentFiles.AsNoTracking().FirstAsync(f => f.Id == material.FileId, ct);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == current.UserId).Select(u => u.FullName).FirstAsync(ct);
        var now = time.GetUtcNow();
        byte[] marked;
        try
        {
            marked = Pdf.PdfCopyMark.Apply(await store.ReadAllBytesAsync(file.Sha256, ct),
                $"Tài liệu họp – {name} – {Formats.DateTime(now)} – không sao chép, chuyển tiếp");
        }
        catch (Pdf.Reading.PdfFormatException e)
        {
            throw new DomainException(new Error("PDF_INVALID", $"Không mở được tài liệu: {e.Message}", 422));
        }
        audit.Record(download ? "meeting.material.downloaded" : "meeting.material.opened", m.OrganizationId, "meeting", m.Id.ToString(),
            new { material = material.Id, material.Number });
        await db.SaveChangesAsync(ct);
        return (marked, file.FileName);
    }

    /// <summary>The person's own note on a material they may read (kept for all its versions).</summary>
    public async Task NoteAsync(Guid meetingId, Guid materialId, string? text, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        var material = await db.MeetingMaterials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == materialId && x.MeetingId == m.Id && (manage || x.Released), ct)
            ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        var me = current.UserId!.Value;
        var note = await db.MaterialNotes.FirstOrDefaultAsync(n => n.SeriesId == material.SeriesId && n.UserId == me, ct);
        if (note is null) db.MaterialNotes.Add(note = new MaterialNote(material.SeriesId, me));
        note.Write(text, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// An invitee's opinion on a draft the office put to the meeting for opinions (góp ý dự thảo), on the version they read;
    /// one per person, rewritten until the meeting closes. The office and the presiding person read them all.
    /// </summary>
    public async Task GiveOpinionAsync(Guid meetingId, Guid materialId, string? text, CancellationToken ct)
    {
        var (m, _) = await meetings.ReadableAsync(meetingId, ct);
        var me = current.UserId!.Value;
        if (!await db.Invitees.AnyAsync(i => i.MeetingId == m.Id && (i.UserId == me || i.SubstituteUserId == me), ct)) throw new DomainException(MeetingErrors.NotInvited);
        if (m.Status is not (MeetingStatus.Convened or MeetingStatus.InProgress)) throw new DomainException(MeetingErrors.WrongStatus(Meeting.StatusText(m.Status), "góp ý"));
        var material = await db.MeetingMaterials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == materialId && x.MeetingId == m.Id && x.Released, ct)
            ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        if (!material.ForOpinion) throw new DomainException(MeetingErrors.NotForOpinion);
        var opinion = await db.MaterialOpinions.FirstOrDefaultAsync(o => o.SeriesId == material.SeriesId && o.UserId == me, ct);
        if (opinion is null) db.MaterialOpinions.Add(opinion = new MaterialOpinion(m.Id, material.SeriesId, me));
        opinion.Give(text, material.Number, time.GetUtcNow());
        audit.Record("meeting.opinion.given", m.OrganizationId, "meeting", m.Id.ToString(), new { material = material.Id });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The same person's second click raced the first: theirs is there already.
            throw new DomainException(Concurrency.Conflict);
        }
    }

    /// <summary>Every opinion on a material's draft, for the office and the presiding person.</summary>
    public async Task<List<OpinionDto>> OpinionsAsync(Guid meetingId, Guid materialId, CancellationToken ct)
    {
        var (m, manage) = await meetings.ReadableAsync(meetingId, ct);
        if (!manage) throw new DomainException(Error.Forbidden);
        var material = await db.MeetingMaterials.AsNoTracking().FirstOrDefaultAsync(x => x.Id == materialId && x.MeetingId == m.Id, ct)
            ?? throw new DomainException(MeetingErrors.MaterialNotFound);
        return await (from o in db.MaterialOpinions.AsNoTracking()
                      join u in db.Users on o.UserId equals u.Id
                      where o.SeriesId == material.SeriesId
                      orderby o.GivenAt
                      select new OpinionDto(u.FullName, o.Text, o.OnNumber, o.GivenAt)).ToListAsync(ct);
    }

    private async Task<List<Guid>> InvitedAsync(Guid meetingId, CancellationToken ct) =>
        (await db.Invitees.AsNoTracking().Where(i => i.MeetingId == meetingId && i.UserId != null).Select(i => new { i.UserId, i.SubstituteUserId }).ToListAsync(ct))
        .SelectMany(i => new[] { i.UserId, i.SubstituteUserId }).OfType<Guid>().Distinct().ToList();
}
