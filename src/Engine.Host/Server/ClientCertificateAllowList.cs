using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Host.Server;

/// <summary>
/// Which client certificates may ask (<c>--tls-allow-subject</c>, <c>--tls-allow-san</c>): a
/// certificate is allowed when its subject is one of <see cref="Subjects"/> or one of its subject
/// alternative names (DNS or URI) is one of <see cref="SubjectAlternativeNames"/>. An empty list
/// allows every certificate the client CA signed.
/// </summary>
public sealed class ClientCertificateAllowList
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag s_dnsName = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag s_uri = new(TagClass.ContextSpecific, 6);

    private readonly HashSet<string> _subjects;
    private readonly HashSet<string> _dnsNames;
    private readonly HashSet<string> _uris;

    /// <summary>Creates the list.</summary>
    /// <param name="subjects">Distinguished names, e.g. <c>CN=billing, O=Example</c>; compared after decoding, so the string types of the certificate's encoding do not matter.</param>
    /// <param name="subjectAlternativeNames">DNS names (compared ignoring case) or URIs such as <c>spiffe://example.org/billing</c> (compared exactly).</param>
    /// <exception cref="ArgumentException">A subject is not a distinguished name.</exception>
    public ClientCertificateAllowList(IEnumerable<string> subjects, IEnumerable<string> subjectAlternativeNames)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(subjectAlternativeNames);
        _subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (string subject in subjects)
        {
            _subjects.Add(Normalize(subject));
        }

        _dnsNames = new HashSet<string>(subjectAlternativeNames, StringComparer.OrdinalIgnoreCase);
        _uris = new HashSet<string>(subjectAlternativeNames, StringComparer.Ordinal);
    }

    /// <summary>The list that allows every certificate the client CA signed.</summary>
    public static ClientCertificateAllowList Empty { get; } = new([], []);

    /// <summary>The subjects allowed, as .NET formats them.</summary>
    public IReadOnlyCollection<string> Subjects => _subjects;

    /// <summary>The DNS names and URIs allowed.</summary>
    public IReadOnlyCollection<string> SubjectAlternativeNames => _uris;

    /// <summary>Whether the list is empty (every certificate the CA signed is allowed).</summary>
    public bool IsEmpty => _subjects.Count == 0 && _uris.Count == 0;

    /// <summary>Whether <paramref name="certificate"/> is on the list (always true for an empty list).</summary>
    /// <param name="certificate">A client certificate whose chain was already verified.</param>
    /// <returns>True when allowed.</returns>
    public bool Allows(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (IsEmpty || _subjects.Contains(certificate.SubjectName.Decode(X500DistinguishedNameFlags.None)))
        {
            return true;
        }

        return _uris.Count > 0 && AllowsAlternativeName(certificate);
    }

    private bool AllowsAlternativeName(X509Certificate2 certificate)
    {
        X509Extension? extension = certificate.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return false;
        }

        try
        {
            // GeneralNames ::= SEQUENCE OF GeneralName; dNSName [2] and uniformResourceIdentifier [6] are IA5Strings.
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            AsnReader names = reader.ReadSequence();
            while (names.HasData)
            {
                Asn1Tag tag = names.PeekTag();
                if (tag == s_dnsName && _dnsNames.Contains(names.ReadCharacterString(UniversalTagNumber.IA5String, s_dnsName)))
                {
                    return true;
                }
                else if (tag == s_uri && _uris.Contains(names.ReadCharacterString(UniversalTagNumber.IA5String, s_uri)))
                {
                    return true;
                }
                else if (tag != s_dnsName && tag != s_uri)
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A certificate whose names cannot be read is not on the list (fail closed).
        }

        return false;
    }

    private static string Normalize(string subject)
    {
        try
        {
            // Decoded from the encoding, as the certificate's is: the string's own spacing and quoting do not count.
            return new X500DistinguishedName(subject).Decode(X500DistinguishedNameFlags.None);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"`{subject}` is not a distinguished name (e.g. `CN=billing, O=Example`): {e.Message}", nameof(subject), e);
        }
    }
}
