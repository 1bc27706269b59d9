using System.Net;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Our TFTP server on 127.0.0.1:0 with an in-memory source; stopped on dispose.</summary>
internal sealed class TftpServerFixture : IAsyncDisposable
{
    public TftpServerFixture(Action<TftpServerOptions>? configure = null)
    {
        var options = new TftpServerOptions
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            // Long enough that no retransmission cuts into a scripted exchange; tests of timeouts set their own.
            Timeout = TimeSpan.FromSeconds(5),
            MaxRetries = 3,
        };
        configure?.Invoke(options);
        Server = new TftpServer(options, Source);
        Server.Start();
    }

    public MemoryFileSource Source { get; } = new();

    public TftpServer Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public byte[] Add(string name, int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        Source.Files[name] = content;
        return content;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
