using System.Buffers;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// RFC 1350 §1 and RFC 764: netascii sends a newline as CR LF and a bare CR as CR NUL. tftp-hpa's server does
/// the same for LF and CR, so a text file read in ascii mode by tftp-hpa's client comes back unchanged.
/// </summary>
internal sealed class NetasciiBlockReader(TftpBlockReader inner) : TftpBlockReader, IDisposable
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const int NoPending = -1;

    private readonly byte[] _raw = ArrayPool<byte>.Shared.Rent(2048);
    private int _rawStart;
    private int _rawEnd;
    private bool _endOfFile;

    // The second byte of a pair that did not fit in the previous block.
    private int _pending = NoPending;

    public override async ValueTask<int> ReadAsync(Memory<byte> block, CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            written = Encode(block.Span, written);
            if (written == block.Length || (_endOfFile && _rawStart == _rawEnd && _pending == NoPending))
            {
                return written;
            }

            var read = await inner.ReadAsync(_raw.AsMemory(0, _raw.Length), cancellationToken).ConfigureAwait(false);
            _rawStart = 0;
            _rawEnd = read;
            _endOfFile = read < _raw.Length;
        }
    }

    private int Encode(Span<byte> block, int written)
    {
        if (_pending != NoPending && written < block.Length)
        {
            block[written++] = (byte)_pending;
            _pending = NoPending;
        }

        while (written < block.Length && _rawStart < _rawEnd)
        {
            var b = _raw[_rawStart++];
            block[written++] = b is Lf ? Cr : b;
            if (b is Lf or Cr)
            {
                var second = b is Lf ? Lf : (byte)0;
                if (written < block.Length)
                {
                    block[written++] = second;
                }
                else
                {
                    _pending = second;
                }
            }
        }

        return written;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_raw);
}
