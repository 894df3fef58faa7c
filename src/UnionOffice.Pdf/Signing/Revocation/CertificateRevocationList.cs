using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace UnionOffice.Pdf.Signing.Revocation;

/// <summary>
/// A CRL (RFC 5280 §5) as read: the issuer, its update times, the revoked serials with their dates, and the pieces its
/// signature covers. Only complete CRLs are used: a delta CRL, or one with a critical extension this code does not know,
/// is refused, since what it leaves out cannot be told.
/// </summary>
internal sealed class CertificateRevocationList
{
    private const string DeltaCrlIndicator = "2.5.29.27";
    private const string IssuingDistributionPoint = "2.5.29.28";
    private const string CrlNumber = "2.5.29.20";
    private const string AuthorityKeyIdentifier = "2.5.29.35";
    private const string ReasonCode = "2.5.29.21";

    private readonly ReadOnlyMemory<byte> _tbs;
    private readonly string _algorithm;
    private readonly byte[] _signature;
    private readonly Dictionary<string, (DateTimeOffset When, int? Reason)> _revoked;

    private CertificateRevocationList(ReadOnlyMemory<byte> tbs, string algorithm, byte[] signature, byte[] issuer,
        DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, Dictionary<string, (DateTimeOffset, int?)> revoked)
    {
        (_tbs, _algorithm, _signature, _revoked) = (tbs, algorithm, signature, revoked);
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
    }

    /// <summary>The issuer's name, DER.</summary>
    public byte[] Issuer { get; }
    public DateTimeOffset ThisUpdate { get; }
    public DateTimeOffset? NextUpdate { get; }
    public int Count => _revoked.Count;

    /// <summary>Null for anything that is not a complete, well-formed CRL.</summary>
    public static CertificateRevocationList? TryParse(ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var list = outer.ReadSequence();
            if (outer.HasData) return null;
            var tbsBytes = list.ReadEncodedValue();
            var algorithm = list.ReadSequence().ReadObjectIdentifier();
            var signature = list.ReadBitString(out _);
            if (list.HasData) return null;

            var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadInteger();
            tbs.ReadSequence(); // signature algorithm, the same as the outer one
            var issuer = tbs.ReadEncodedValue().ToArray();
            var thisUpdate = SignedStructure.ReadTime(tbs);
            DateTimeOffset? nextUpdate = null;
            if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
                nextUpdate = SignedStructure.ReadTime(tbs);
            var revoked = new Dictionary<string, (DateTimeOffset, int?)>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span);
                    var when = SignedStructure.ReadTime(entry);
                    int? reason = null;
                    if (entry.HasData)
                    {
                        foreach (var (oid, critical, value) in Extensions(entry.ReadSequence()))
                        {
                            if (oid == ReasonCode) reason = (int)new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedValue<X509RevocationReason>();
                            else if (critical) return null;
                        }
                    }
                    revoked[serial] = (when, reason);
                }
            }
            if (tbs.HasData)
            {
                var extensions = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                foreach (var (oid, critical, _) in Extensions(extensions))
                {
                    if (oid == DeltaCrlIndicator) return null;
                    if (critical && oid is not (IssuingDistributionPoint or CrlNumber or AuthorityKeyIdentifier)) return null;
                }
            }
            return new CertificateRevocationList(tbsBytes, algorithm, signature, issuer, thisUpdate, nextUpdate, revoked);
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Issued by this CA (its name, and its key signs the list).</summary>
    public bool IsFrom(X509Certificate2 issuer) =>
        Issuer.AsSpan().SequenceEqual(issuer.SubjectName.RawData) && SignedStructure.Verifies(_tbs.Span, _algorithm, _signature, issuer);

    /// <summary>The revocation of this serial (hex, as the certificate encodes it), if listed.</summary>
    public (DateTimeOffset When, int? Reason)? Find(X509Certificate2 certificate) =>
        _revoked.TryGetValue(Convert.ToHexString(certificate.SerialNumberBytes.Span), out var r) ? r : null;

    private static IEnumerable<(string Oid, bool Critical, ReadOnlyMemory<byte> Value)> Extensions(AsnReader sequence)
    {
        var list = new List<(string, bool, ReadOnlyMemory<byte>)>();
        while (sequence.HasData)
        {
            var e = sequence.ReadSequence();
            var oid = e.ReadObjectIdentifier();
            var critical = e.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && e.ReadBoolean();
            list.Add((oid, critical, e.ReadOctetString()));
        }
        return list;
    }
}
