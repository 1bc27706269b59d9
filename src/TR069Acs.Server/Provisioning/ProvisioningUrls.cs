using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// The URLs the ACS writes into phones (a secure provisioning <c>Profile_Rule</c>, an activated phone's permanent rule):
/// they must name the server as the phone reaches it, so the host is <c>Acs:PublicHost</c> when set, else the host the
/// request itself was addressed to, else the listen address.
/// </summary>
internal sealed class ProvisioningUrls(AcsOptions options, AcsListeners listeners)
{
    /// <summary>The host to write: <c>Acs:PublicHost</c>, the request's Host (without port), or the listen address.</summary>
    public string Host(string? requestHost)
        => !string.IsNullOrWhiteSpace(options.PublicHost) ? options.PublicHost.Trim()
            : !string.IsNullOrEmpty(requestHost) ? requestHost
            : listeners.UriHost;

    /// <summary>The rule the first stage of secure provisioning hands out: <c>[--key $A] https://HOST:7568/cfg/$B/$MA.cfg</c>.
    /// The key and directory stay macros (<c>$A</c> = GPP_A, <c>$B</c> = GPP_B), so the rule itself reveals nothing.</summary>
    public string SecureRule(string? requestHost)
    {
        var secure = options.SecureProvisioning;
        var scheme = secure.Scheme.Trim().ToLowerInvariant();
        var port = secure.Port ?? scheme switch
        {
            "http" => listeners.FilesPort,
            "tftp" => options.TftpPort > 0 ? options.TftpPort : 69,
            // The HTTPS file server's port, also when this ACS runs none (Acs:TlsCertificate unset): a TLS front end
            // (load balancer, reverse proxy) is then expected to answer there.
            _ => listeners.FilesTlsPort ?? (options.FilesTlsPort > 0 ? options.FilesTlsPort : SecureProvisioningOptions.DefaultHttpsPort),
        };
        return $"[--key $A] {scheme}://{Host(requestHost)}:{port}/cfg/$B/{secure.FileName.Trim()}";
    }

    /// <summary>The permanent rule of an activated phone when neither its code nor <c>Acs:Activation:ProfileRule</c> names one:
    /// the device's own profile on this file server, reached the way the activation request came in.</summary>
    /// <param name="scheme">The activation request's scheme (http or https).</param>
    /// <param name="requestHost">The host of the activation request's Host header.</param>
    /// <param name="port">The port the phone addressed (Host header), else the local port of the connection.</param>
    public string PermanentRule(string scheme, string? requestHost, int port)
        => options.Activation.ProfileRule is { Length: > 0 } configured ? configured.Trim() : $"{scheme}://{Host(requestHost)}:{port}/cfg/$MA.cfg";

    /// <summary>Checks the settings these URLs are made of; the message names the setting.</summary>
    /// <exception cref="InvalidOperationException">An invalid setting.</exception>
    public static void Validate(AcsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicHost)
            && Uri.CheckHostName(options.PublicHost.Trim().Trim('[', ']')) == UriHostNameType.Unknown)
        {
            throw new InvalidOperationException($"Acs:PublicHost must be a host name or IP address without scheme or port (e.g. prov.example.com), got '{options.PublicHost}'.");
        }
        var secure = options.SecureProvisioning;
        if (secure.Scheme.Trim().ToLowerInvariant() is not ("https" or "http" or "tftp"))
        {
            throw new InvalidOperationException($"Acs:SecureProvisioning:Scheme must be https, http or tftp, got '{secure.Scheme}'.");
        }
        if (secure.Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"Acs:SecureProvisioning:Port must be 1-65535 (or unset), got {secure.Port}.");
        }
        if (string.IsNullOrWhiteSpace(secure.FileName) || secure.FileName.Contains('/', StringComparison.Ordinal)
            || !secure.FileName.Contains("$MA", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Acs:SecureProvisioning:FileName must be a file name containing $MA (e.g. $MA.cfg or $MA.cfg.gz), got '{secure.FileName}'.");
        }
        var activation = options.Activation;
        if (activation.DefaultExpirySeconds <= 0)
        {
            throw new InvalidOperationException($"Acs:Activation:DefaultExpirySeconds must be positive, got {activation.DefaultExpirySeconds}.");
        }
        if (activation.MaxCodesPerRequest <= 0)
        {
            throw new InvalidOperationException($"Acs:Activation:MaxCodesPerRequest must be positive, got {activation.MaxCodesPerRequest}.");
        }
        if (activation.MaxFailuresPerMinute <= 0)
        {
            throw new InvalidOperationException($"Acs:Activation:MaxFailuresPerMinute must be positive, got {activation.MaxFailuresPerMinute}.");
        }
        if (activation.ProfileRule is { Length: > 0 } rule && !TR069Acs.Provisioning.Rules.ProvisioningRule.TryParse(rule, out _, out var error))
        {
            throw new InvalidOperationException($"Acs:Activation:ProfileRule '{rule}' is not a profile rule: {error.Message}");
        }
    }
}
