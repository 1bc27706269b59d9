using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TR069Acs.Server.Hosting;

/// <summary>The Kestrel listeners of the one WebApplication. A request belongs to the CWMP endpoint, the file server or the API
/// by the local port it arrived on (resolved after binding, so port 0 works).</summary>
internal sealed class AcsListeners(AcsOptions options)
{
    private int _cwmpPort = -1;
    private int _apiPort = -1;
    private int _filesPort = -1;
    private int _filesTlsPort = -1;
    private int _cwmpTlsPort = -1;
    private int _apiTlsPort = -1;

    public ListenOptions? Cwmp { get; set; }

    public ListenOptions? Api { get; set; }

    public ListenOptions? Files { get; set; }

    /// <summary>The HTTPS file server listener; null when HTTPS is off.</summary>
    public ListenOptions? FilesTls { get; set; }

    /// <summary>The CWMP-over-HTTPS listener; null when off.</summary>
    public ListenOptions? CwmpTls { get; set; }

    /// <summary>The API-over-HTTPS listener; null when off.</summary>
    public ListenOptions? ApiTls { get; set; }

    /// <summary>The API-over-HTTPS port actually bound; null when off.</summary>
    public int? ApiTlsPort => ApiTls is null ? null : _apiTlsPort >= 0 ? _apiTlsPort : _apiTlsPort = Bound(ApiTls, "API HTTPS");

    /// <summary>The CWMP port actually bound.</summary>
    public int CwmpPort => _cwmpPort >= 0 ? _cwmpPort : _cwmpPort = Bound(Cwmp, "CWMP");

    /// <summary>The API port actually bound.</summary>
    public int ApiPort => _apiPort >= 0 ? _apiPort : _apiPort = Bound(Api, "API");

    /// <summary>The plain HTTP file server port actually bound.</summary>
    /// <exception cref="InvalidOperationException">Not bound yet, or turned off (<c>Acs:FilesPort</c> -1, HTTPS only).</exception>
    public int FilesPort => _filesPort >= 0 ? _filesPort
        : options.FilesPort < 0 ? throw new InvalidOperationException("The plain HTTP file server is off (Acs:FilesPort -1): profiles and firmware are served over HTTPS only.")
        : _filesPort = Bound(Files, "file server");

    /// <summary>True when the plain HTTP file server listens (<c>Acs:FilesPort</c> is not -1).</summary>
    public bool HasPlainFiles => options.FilesPort >= 0;

    /// <summary>The HTTPS file server port actually bound; null when HTTPS is off.</summary>
    public int? FilesTlsPort => FilesTls is null ? null : _filesTlsPort >= 0 ? _filesTlsPort : _filesTlsPort = Bound(FilesTls, "HTTPS file server");

    /// <summary>The CWMP-over-HTTPS port actually bound; null when off.</summary>
    public int? CwmpTlsPort => CwmpTls is null ? null : _cwmpTlsPort >= 0 ? _cwmpTlsPort : _cwmpTlsPort = Bound(CwmpTls, "CWMP HTTPS");

    /// <summary>True for a connection accepted by the file server listener (HTTP or HTTPS).</summary>
    public bool IsFiles(int localPort) => (HasPlainFiles && localPort == FilesPort) || (FilesTls is not null && localPort == FilesTlsPort);

    /// <summary>True for a connection accepted by the CWMP listener (HTTP or HTTPS).</summary>
    public bool IsCwmp(int localPort) => localPort == CwmpPort || (CwmpTls is not null && localPort == CwmpTlsPort);

    /// <summary>The host to put in URLs: the configured address, or loopback when listening on every interface.</summary>
    public string UriHost => ParseAddress(options.ListenAddress) is { } ip && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
        ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString()
        : "127.0.0.1";

    /// <summary>The configured listen address: null for "*" (every interface).</summary>
    /// <exception cref="InvalidOperationException">Neither "*" nor an IP address.</exception>
    public static IPAddress? ParseAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Trim() is "*" or "0.0.0.0" or "::" or "[::]")
        {
            return null;
        }
        if (address.Trim().Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }
        return IPAddress.TryParse(address.Trim().Trim('[', ']'), out var ip)
            ? ip
            : throw new InvalidOperationException($"Acs:ListenAddress '{address}' is neither '*' nor an IP address such as 127.0.0.1.");
    }

    private static int Bound(ListenOptions? listener, string what)
        => listener?.IPEndPoint is { Port: > 0 } endpoint
            ? endpoint.Port
            : throw new InvalidOperationException($"The {what} listener is not bound yet; call this after the application has started.");
}
