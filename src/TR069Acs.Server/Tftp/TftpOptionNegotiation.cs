using System.Globalization;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tftp;

/// <summary>The server's answer to a request's RFC 2347 options.</summary>
/// <param name="BlockSize">The block size of the transfer.</param>
/// <param name="Timeout">The retransmission timeout of the transfer.</param>
/// <param name="Acknowledged">The options to echo in the OACK, in request order; <c>tsize</c> gets its value when the file is open.</param>
/// <param name="TransferSizeRequested">True when the client asked for <c>tsize</c>.</param>
internal sealed record TftpOptionNegotiation(int BlockSize, TimeSpan Timeout, IReadOnlyList<TftpOption> Acknowledged, bool TransferSizeRequested)
{
    /// <summary>Negotiates <paramref name="request"/>'s options within the server's limits.</summary>
    /// <param name="request">The RRQ.</param>
    /// <param name="options">The server's limits.</param>
    /// <param name="error">Why the options are refused (ERROR 8), or null.</param>
    public static TftpOptionNegotiation? Negotiate(TftpRequestPacket request, TftpServerOptions options, out string? error)
    {
        error = null;
        var blockSize = TftpLimits.DefaultBlockSize;
        var timeout = options.Timeout;
        var transferSize = false;
        var acknowledged = new List<TftpOption>(request.Options.Count);
        foreach (var option in request.Options)
        {
            if (option.Is(TftpOption.BlockSize))
            {
                error = TftpOptionList.TryParseNumber(option.Name, option.Value, TftpLimits.MinBlockSize, TftpLimits.MaxBlockSize, out var asked);

                // RFC 2348: the server may answer with a smaller block size than asked; ours bounds per-transfer memory.
                blockSize = (int)Math.Min(asked, options.MaxBlockSize);
                acknowledged.Add(new(option.Name, blockSize.ToString(CultureInfo.InvariantCulture)));
            }
            else if (option.Is(TftpOption.Timeout))
            {
                error = TftpOptionList.TryParseNumber(option.Name, option.Value, TftpLimits.MinTimeoutSeconds, TftpLimits.MaxTimeoutSeconds, out var seconds);
                if (error is null && seconds <= options.MaxTimeout.TotalSeconds)
                {
                    timeout = TimeSpan.FromSeconds(seconds);

                    // RFC 2349: an accepted timeout is echoed unchanged.
                    acknowledged.Add(new(option.Name, seconds.ToString(CultureInfo.InvariantCulture)));
                }
                // Longer than MaxTimeout: not acknowledged (RFC 2349 allows only echo or omission); the default applies.
            }
            else if (option.Is(TftpOption.TransferSize))
            {
                error = TftpOptionList.TryParseNumber(option.Name, option.Value, 0, long.MaxValue, out _);

                // RFC 2349: in netascii the size on the wire differs from the file's; tsize is left out.
                transferSize = request.Mode == TftpTransferMode.Octet;
            }

            // RFC 2347: options the server does not know are ignored, not refused.
            if (error is not null)
            {
                return null;
            }
        }

        return new TftpOptionNegotiation(blockSize, timeout, acknowledged, transferSize);
    }
}
