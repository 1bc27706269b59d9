using System.Net;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>The packet handlers: each returns null to keep going or the final result.</summary>
internal sealed partial class TftpDownload
{
    private async ValueTask<TftpDownloadResult?> OnDataAsync(TftpDataPacket data, IPEndPoint from)
    {
        if (_peer is null)
        {
            // RFC 2347: DATA instead of an OACK means the server ignored the options; RFC 1350 blocks are 512 bytes.
            _peer = from;
            _blockSize = TftpLimits.DefaultBlockSize;
        }

        if (data.Block != _expectedBlock)
        {
            if (_anyDataReceived && data.Block == (ushort)(_expectedBlock - 1))
            {
                // Our ACK was lost and the server retransmitted: acknowledge again, store nothing.
                _duplicates++;
                await SendAsync(_lastSent, from).ConfigureAwait(false);
            }
            else
            {
                _outOfOrder++;
            }

            return null;
        }

        var payload = data.Payload;
        if (payload.Length > _blockSize)
        {
            return await AbortAsync(TftpErrorCode.IllegalOperation, from,
                $"DATA block {data.Block} carries {payload.Length} bytes, more than the block size {_blockSize}").ConfigureAwait(false);
        }

        if (_content.Length + payload.Length > _options.MaxBytes)
        {
            return await AbortAsync(TftpErrorCode.DiskFull, from,
                $"file exceeds the limit of {_options.MaxBytes} bytes", TftpDownloadOutcome.TooLarge).ConfigureAwait(false);
        }

        _content.Write(payload.Span);
        _anyDataReceived = true;
        await SendProgressAsync(TftpPacketWriter.Ack(data.Block), from).ConfigureAwait(false);
        _expectedBlock++;

        // RFC 1350 §6: a block shorter than the block size is the last one. No dally: a retransmitted last
        // block after this point finds no listener, which the server treats as the end it already sent.
        return payload.Length < _blockSize ? TftpDownloadResult.Success(Content(), Statistics()) : null;
    }

    private async ValueTask<TftpDownloadResult?> OnOptionAckAsync(TftpOptionAckPacket oack, IPEndPoint from)
    {
        if (_anyDataReceived)
        {
            _outOfOrder++;
            return null;
        }

        if (_oackReceived)
        {
            // Our ACK 0 was lost.
            _duplicates++;
            await SendAsync(_lastSent, from).ConfigureAwait(false);
            return null;
        }

        _peer = from;
        if (!_optionsRequested)
        {
            return await AbortAsync(TftpErrorCode.OptionNegotiationFailed, from, "server sent an OACK though no option was requested")
                .ConfigureAwait(false);
        }

        var problem = AcceptOptions(oack.Options);
        if (problem is not null)
        {
            // RFC 2347: a client that rejects an OACK answers ERROR 8 and the transfer ends.
            var outcome = _transferSize > _options.MaxBytes ? TftpDownloadOutcome.TooLarge : TftpDownloadOutcome.ProtocolError;
            return await AbortAsync(TftpErrorCode.OptionNegotiationFailed, from, problem, outcome).ConfigureAwait(false);
        }

        _oackReceived = true;
        if (_transferSize is { } size)
        {
            _content = new MemoryStream((int)Math.Min(size, Array.MaxLength));
        }

        await SendProgressAsync(TftpPacketWriter.Ack(0), from).ConfigureAwait(false);
        return null;
    }

    /// <returns>null when the acknowledged options are acceptable, else why not.</returns>
    private string? AcceptOptions(IReadOnlyList<TftpOption> acknowledged)
    {
        _blockSize = TftpLimits.DefaultBlockSize;
        foreach (var option in acknowledged)
        {
            var requested = TftpOptionList.Find(_requestedOptions, option.Name);
            if (requested is null)
            {
                return $"server acknowledged option '{option.Name}' that was not requested";
            }

            string? problem = null;
            if (option.Is(TftpOption.BlockSize))
            {
                // RFC 2348: the server may lower the block size, never raise it.
                problem = TftpOptionList.TryParseNumber(option.Name, option.Value, TftpLimits.MinBlockSize, _options.BlockSize, out var blockSize);
                _blockSize = (int)blockSize;
            }
            else if (option.Is(TftpOption.TransferSize))
            {
                problem = TftpOptionList.TryParseNumber(option.Name, option.Value, 0, long.MaxValue, out var size);
                _transferSize = size;
                if (problem is null && size > _options.MaxBytes)
                {
                    problem = $"file of {size} bytes exceeds the limit of {_options.MaxBytes} bytes";
                }
            }
            else if (option.Is(TftpOption.Timeout) && !string.Equals(option.Value, requested, StringComparison.Ordinal))
            {
                // RFC 2349: the server must echo the timeout it accepts unchanged.
                problem = $"server changed the timeout from {requested} to '{option.Value}'";
            }

            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private async ValueTask<TftpDownloadResult?> OnErrorAsync(TftpErrorPacket error)
    {
        if (!_oackReceived && !_anyDataReceived && _optionsRequested && !_fellBack
            && error.Code is TftpErrorCode.OptionNegotiationFailed or TftpErrorCode.IllegalOperation)
        {
            // RFC 2347: a server may refuse the options; older servers call an RRQ with options illegal.
            // Either way the request is repeated plainly, with RFC 1350 512-byte blocks.
            _fellBack = true;
            _optionsRequested = false;
            _peer = null;
            await SendProgressAsync(TftpPacketWriter.Request(TftpOpcode.ReadRequest, _fileName, TftpTransferMode.Octet), _server)
                .ConfigureAwait(false);
            return null;
        }

        return error.Code == TftpErrorCode.FileNotFound
            ? Fail(TftpDownloadOutcome.NotFound, $"file not found: {error.Message}", error.Code)
            : Fail(TftpDownloadOutcome.ServerError, error.Message, error.Code);
    }

    private byte[] Content() =>
        _content.Length == _content.Capacity ? _content.GetBuffer() : _content.ToArray();
}
