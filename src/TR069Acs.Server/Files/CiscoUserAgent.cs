using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Server.Files;

/// <summary>
/// What a phone's provisioning User-Agent says about it: manufacturer, product, firmware version and serial number.
/// Seen in the wild and in the guides: <c>cisco/CP-8831-3PCC (88012BA01234)</c>, with the firmware appended to the
/// product <c>cisco/CP-8841-3PCC-sip88xx.11-0-1 (FCH2216ABCD)</c>, and <c>Cisco-CP-8841-3PCC/12.0.1 (00562b04dd5b)(FCH2216ABCD)</c>.
/// The parenthesised tokens are serial numbers or MACs; a 12-hex-digit serial looks like a MAC, so callers try both.
/// </summary>
/// <param name="Product">The product (catalogue spelling when known), or null.</param>
/// <param name="Version">The firmware version, or null when the header names none.</param>
/// <param name="Tokens">The parenthesised identifiers, in order.</param>
internal sealed record CiscoUserAgent(string? Product, string? Version, IReadOnlyList<string> Tokens)
{
    private const int MaxLength = 512;

    /// <summary>Parses a User-Agent header; null for an empty or oversized one.</summary>
    public static CiscoUserAgent? Parse(string? header, ParameterCatalogue catalogue)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxLength)
        {
            return null;
        }
        var text = header.Trim();
        var tokens = new List<string>();
        for (var open = text.IndexOf('(', StringComparison.Ordinal); open >= 0; open = text.IndexOf('(', open + 1))
        {
            var close = text.IndexOf(')', open + 1);
            if (close < 0)
            {
                break;
            }
            if (text.AsSpan(open + 1, close - open - 1).Trim() is { Length: > 0 } token)
            {
                tokens.Add(token.ToString());
            }
        }
        var headEnd = text.IndexOfAny([' ', '(']);
        var head = headEnd < 0 ? text : text[..headEnd];
        var slash = head.IndexOf('/', StringComparison.Ordinal);
        var (left, right) = slash < 0 ? ("", head) : (head[..slash], head[(slash + 1)..]);
        var (product, version) = Split(left, right, catalogue);
        return new CiscoUserAgent(product, version, tokens);
    }

    private static (string? Product, string? Version) Split(string left, string right, ParameterCatalogue catalogue)
    {
        // The longest catalogue model named in the header decides where the product ends.
        foreach (var model in catalogue.Models.OrderByDescending(m => m.Name.Length))
        {
            if (right.StartsWith(model.Name, StringComparison.OrdinalIgnoreCase))
            {
                var rest = right[model.Name.Length..].TrimStart('-', '/');
                return (model.Name, rest.Length > 0 ? rest : null);
            }
            if (left.EndsWith(model.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (model.Name, right.Length > 0 ? right : null);
            }
        }
        var dash = left.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? (left[(dash + 1)..], right.Length > 0 ? right : null) : (right.Length > 0 ? right : null, null);
    }
}
