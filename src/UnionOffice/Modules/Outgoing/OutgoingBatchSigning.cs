using Microsoft.EntityFrameworkCore;
using UnionOffice.Common;
using UnionOffice.Data;
using UnionOffice.Modules.Access;
using UnionOffice.Modules.Signing;

namespace UnionOffice.Modules.Outgoing;

/// <param name="Ids">The drafts to sign, at most <see cref="OutgoingBatchSigning.MaxDocuments"/>.</param>
public sealed record BatchSignRequest(List<Guid>? Ids, string? Pin);

public sealed record BatchPrepareRequest(List<Guid>? Ids);

public sealed record BatchCompleteItem(Guid Id, Guid PendingId, string? Signature);

public sealed record BatchCompleteRequest(List<BatchCompleteItem>? Items);

/// <summary>What became of one document of a batch: signed, prepared (with its digest), or why not.</summary>
public sealed record BatchItemResult(Guid Id, bool Ok, string? Code = null, string? Message = null, PreparedSignatureDto? Prepared = null);

/// <param name="RemoteTransactionId">For a remote signing service: the one transaction the person confirms for all of them.</param>
public sealed record BatchResult(Guid? BatchId, List<BatchItemResult> Items, string? RemoteTransactionId = null)
{
    public int Succeeded => Items.Count(i => i.Ok);
    public int Failed => Items.Count(i => !i.Ok);
}

/// <summary>
/// Ký lô (issue 16 §5): a head with many drafts waiting signs them in one pass — one PIN (a key kept here, or the USB
/// token's one login for every digest) or one confirmation on the phone — while each document is still checked and
/// signed on its own, exactly as alone, and a document that cannot be signed is reported with its reason without
/// stopping the others.
/// </summary>
public sealed class OutgoingBatchSigning(AppDbContext db, OutgoingWorkflow workflow, Certificates certificates, DeferredSigning deferred, CurrentUser current)
{
    public const int MaxDocuments = 50;

    private static readonly Error TooMany = new("BATCH_INVALID", $"Chọn từ 1 đến {MaxDocuments} văn bản để ký lô.", 400);

    /// <summary>With the key kept here: opened once with the PIN (a wrong PIN signs nothing), then each document signed.</summary>
    public async Task<BatchResult> SignAsync(BatchSignRequest r, CancellationToken ct)
    {
        var ids = Ids(r.Ids);
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var (cert, signer) = await certificates.UnlockPersonalAsync(me, r.Pin, ct);
        using var _ = signer.Certificate;
        var items = new List<BatchItemResult>();
        foreach (var id in ids)
            items.Add(await OneAsync(id, () => workflow.SignUnlockedAsync(id, cert, signer, ct)));
        return new BatchResult(null, items);
    }

    /// <summary>
    /// With a key held elsewhere: every document prepared under one batch id, each with its digest; for a remote
    /// service, all the digests sent in one request, confirmed once on the phone.
    /// </summary>
    public async Task<BatchResult> PrepareAsync(BatchPrepareRequest r, CancellationToken ct)
    {
        var ids = Ids(r.Ids);
        var batchId = Guid.CreateVersion7();
        var items = new List<BatchItemResult>();
        var prepared = new List<(PendingSignature Pending, SigningCertificate Cert, string Description)>();
        foreach (var id in ids)
        {
            (PendingSignature, SigningCertificate, string)? one = null;
            var result = await OneAsync(id, async () =>
            {
                one = await workflow.PrepareOneAsync(id, batchId, ct);
                await db.SaveChangesAsync(ct);
            });
            if (one is { } p)
            {
                prepared.Add(p);
                result = result with { Prepared = DeferredSigning.Dto(p.Item1, p.Item2, p.Item3) };
            }
            items.Add(result);
        }
        string? transaction = null;
        if (prepared.Count > 0 && prepared[0].Cert.Holder == KeyHolder.Remote)
        {
            var description = prepared.Count == 1 ? prepared[0].Description : $"Ký lô {prepared.Count} văn bản: {string.Join("; ", prepared.Take(3).Select(p => p.Description))}{(prepared.Count > 3 ? "; …" : "")}";
            await deferred.SendToServiceAsync([.. prepared.Select(p => p.Pending)], prepared[0].Cert, description, ct);
            await db.SaveChangesAsync(ct);
            transaction = prepared[0].Pending.RemoteTransactionId;
        }
        return new BatchResult(batchId, items, transaction);
    }

    /// <summary>The signatures the token made for a prepared batch (one PIN at the agent), each completed on its own.</summary>
    public async Task<BatchResult> CompleteAsync(BatchCompleteRequest r, CancellationToken ct)
    {
        var list = r.Items ?? [];
        if (list.Count is 0 or > MaxDocuments) throw new DomainException(TooMany);
        var items = new List<BatchItemResult>();
        foreach (var i in list)
            items.Add(await OneAsync(i.Id, () => workflow.CompleteSignAsync(i.Id, new CompleteSignatureRequest(i.PendingId, i.Signature), ct)));
        return new BatchResult(null, items);
    }

    /// <summary>
    /// For a batch sent to a remote service: null while the person has not confirmed on the phone; then each document
    /// completed with its signature (or the reason it was not).
    /// </summary>
    public async Task<BatchResult?> CollectRemoteAsync(Guid batchId, CancellationToken ct)
    {
        var me = current.UserId ?? throw new DomainException(Error.Unauthenticated);
        var sessions = await db.PendingSignatures.AsNoTracking().Where(p => p.BatchId == batchId && p.UserId == me && p.Purpose == OutgoingWorkflow.HeadSignaturePurpose)
            .Select(p => new { p.Id, p.SubjectId }).ToListAsync(ct);
        if (sessions.Count == 0) throw new DomainException(DeferredSigningErrors.NotFound);
        var items = new List<BatchItemResult>();
        foreach (var s in sessions)
        {
            var signed = false;
            var result = await OneAsync(s.SubjectId, async () => signed = await workflow.CollectRemoteSignAsync(s.SubjectId, s.Id, ct));
            // Still waiting for the phone: the same answer for every document of the one transaction.
            if (result.Ok && !signed) return null;
            items.Add(result);
        }
        return new BatchResult(batchId, items);
    }

    private static List<Guid> Ids(List<Guid>? ids)
    {
        var distinct = (ids ?? []).Where(i => i != Guid.Empty).Distinct().ToList();
        if (distinct.Count is 0 or > MaxDocuments) throw new DomainException(TooMany);
        return distinct;
    }

    /// <summary>One document's step; a refusal is its result, and what it left in the context goes so the next starts clean.</summary>
    private async Task<BatchItemResult> OneAsync(Guid id, Func<Task> step)
    {
        try
        {
            await step();
            return new BatchItemResult(id, true);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return new BatchItemResult(id, false, e.Error.Code, e.Error.Message);
        }
    }
}
