using System.Security.Cryptography.X509Certificates;

namespace TR069Acs.Provisioning.Certificates;

/// <summary>
/// The subject of a phone's client certificate in the Cisco layout: the product in OU, the serial number in L and the
/// MAC address in S (stateOrProvinceName, <c>ST</c> to OpenSSL), e.g. <c>OU=CP-8831-3PCC, L=88012BA01234, S=000e08abcdef</c>.
/// Units that carry no individual certificate present the generic one, <c>OU=cisco.com, L=ciscogeneric, S=ciscogeneric</c>,
/// which identifies no device: the server then falls back to the serial in the User-Agent.
/// </summary>
/// <param name="CommonName">CN, or null.</param>
/// <param name="Organization">O, or null.</param>
/// <param name="OrganizationalUnit">OU: the product name (<c>CP-8841-3PCC</c>), or <c>cisco.com</c> when generic.</param>
/// <param name="Locality">L: the serial number, or <c>ciscogeneric</c>.</param>
/// <param name="State">S/ST: the MAC address (12 hex digits), or <c>ciscogeneric</c>.</param>
/// <param name="Country">C, or null.</param>
public sealed record DeviceCertificateSubject(
    string? CommonName, string? Organization, string? OrganizationalUnit, string? Locality, string? State, string? Country)
{
    /// <summary>OU of the generic certificate of units made without an individual one.</summary>
    public const string GenericOrganizationalUnit = "cisco.com";

    /// <summary>L and S of the generic certificate.</summary>
    public const string GenericValue = "ciscogeneric";

    private const string CommonNameOid = "2.5.4.3";
    private const string CountryOid = "2.5.4.6";
    private const string LocalityOid = "2.5.4.7";
    private const string StateOid = "2.5.4.8";
    private const string OrganizationOid = "2.5.4.10";
    private const string OrganizationalUnitOid = "2.5.4.11";

    /// <summary>The product (OU).</summary>
    public string? Product => OrganizationalUnit;

    /// <summary>The serial number (L).</summary>
    public string? Serial => Locality;

    /// <summary>The MAC address as written in S, unnormalised.</summary>
    public string? Mac => State;

    /// <summary>True for the generic certificate (<c>OU=cisco.com</c> or <c>L=ciscogeneric</c>): it names no device.</summary>
    public bool IsGeneric
        => string.Equals(OrganizationalUnit, GenericOrganizationalUnit, StringComparison.OrdinalIgnoreCase)
           || string.Equals(Locality, GenericValue, StringComparison.OrdinalIgnoreCase);

    /// <summary>An attribute by its short name as the guides and OpenSSL spell it: <c>CN</c>, <c>O</c>, <c>OU</c>,
    /// <c>L</c>, <c>S</c> or <c>ST</c>, <c>C</c> (any case); null for an attribute the subject lacks or a name that is none of these.</summary>
    public string? this[string shortName] => shortName.ToUpperInvariant() switch
    {
        "CN" => CommonName,
        "O" => Organization,
        "OU" => OrganizationalUnit,
        "L" => Locality,
        "S" or "ST" => State,
        "C" => Country,
        _ => null,
    };

    /// <summary>The short names <see cref="this[string]"/> knows.</summary>
    public static IReadOnlyList<string> ShortNames { get; } = ["CN", "O", "OU", "L", "S", "ST", "C"];

    /// <summary>The subject of a device certificate issued for <paramref name="model"/>, <paramref name="serial"/> and
    /// <paramref name="mac"/> (12 hex digits, written lower case as the guides show).</summary>
    public static DeviceCertificateSubject ForDevice(string model, string serial, string mac, string? commonName = null)
        => new(commonName ?? "SEP" + mac.ToUpperInvariant(), null, model, serial, mac.ToLowerInvariant(), null);

    /// <summary>The generic subject <c>CN=ciscogeneric, OU=cisco.com, L=ciscogeneric, S=ciscogeneric</c>.</summary>
    public static DeviceCertificateSubject Generic { get; } = new(GenericValue, null, GenericOrganizationalUnit, GenericValue, GenericValue, null);

    /// <summary>Reads the attributes of a distinguished name; where an attribute repeats, the first wins.</summary>
    public static DeviceCertificateSubject Parse(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? cn = null, o = null, ou = null, l = null, st = null, c = null;
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements)
            {
                continue;
            }
            var value = rdn.GetSingleElementValue();
            switch (rdn.GetSingleElementType().Value)
            {
                case CommonNameOid: cn ??= value; break;
                case OrganizationOid: o ??= value; break;
                case OrganizationalUnitOid: ou ??= value; break;
                case LocalityOid: l ??= value; break;
                case StateOid: st ??= value; break;
                case CountryOid: c ??= value; break;
            }
        }
        return new DeviceCertificateSubject(cn, o, ou, l, st, c);
    }

    /// <summary>The distinguished name, encoded most significant first (C, O, OU, L, ST, CN), so OpenSSL prints the
    /// guides' layout: <c>OU = CP-8831-3PCC, L = 88012BA01234, ST = 000e08abcdef, CN = …</c>.</summary>
    public X500DistinguishedName ToDistinguishedName()
    {
        // X500DistinguishedNameBuilder encodes the last attribute added first.
        var builder = new X500DistinguishedNameBuilder();
        if (CommonName is not null)
        {
            builder.AddCommonName(CommonName);
        }
        if (State is not null)
        {
            builder.AddStateOrProvinceName(State);
        }
        if (Locality is not null)
        {
            builder.AddLocalityName(Locality);
        }
        if (OrganizationalUnit is not null)
        {
            builder.AddOrganizationalUnitName(OrganizationalUnit);
        }
        if (Organization is not null)
        {
            builder.AddOrganizationName(Organization);
        }
        if (Country is not null)
        {
            builder.AddCountryOrRegion(Country);
        }
        return builder.Build();
    }
}
