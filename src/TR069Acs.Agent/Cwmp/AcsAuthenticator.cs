using System.Security.Cryptography;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Cwmp;

/// <summary>HTTP authentication toward the ACS within one session (TR-069 3.4.4): nothing until challenged (unless
/// Basic is to be sent unasked), then Digest (preferred) or Basic with ManagementServer.Username/Password. A digest
/// challenge is reused for the rest of the session with an increasing nonce count.</summary>
internal sealed class AcsAuthenticator(string username, string password, bool sendBasicUnasked)
{
    private DigestChallenge? _digest;
    private int _nonceCount;
    private bool _basic = sendBasicUnasked;

    /// <summary>The Authorization header for the next request, or null.</summary>
    public string? HeaderFor(string method, string requestTarget)
    {
        if (_digest is not null)
        {
            var clientNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            return DigestAuth.CreateAuthorization(_digest, method, requestTarget, username, password, clientNonce, ++_nonceCount);
        }
        return _basic ? BasicAuth.CreateAuthorization(username, password) : null;
    }

    /// <summary>Learns from a 401. False when there is nothing new to try: no challenge this class can answer, or the
    /// credentials already sent were refused (a digest challenge marked stale is a fresh nonce, not a refusal).</summary>
    public bool OnChallenge(IEnumerable<string> challenges, bool credentialsSent)
    {
        var values = challenges.ToList();
        foreach (var value in values)
        {
            if (DigestAuth.TryParseChallenge(value, out var challenge))
            {
                if (credentialsSent && _digest is not null && !challenge.Stale)
                {
                    return false;
                }
                _digest = challenge;
                _nonceCount = 0;
                return true;
            }
        }
        if (values.Exists(BasicAuth.IsChallenge) && !(credentialsSent && _basic))
        {
            _basic = true;
            return true;
        }
        return false;
    }
}
