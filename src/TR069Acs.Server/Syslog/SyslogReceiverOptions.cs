using System.Net;

namespace TR069Acs.Server.Syslog;

/// <summary>Settings of the <see cref="SyslogReceiver"/>.</summary>
public sealed class SyslogReceiverOptions
{
    /// <summary>DESIGN §1: unprivileged by default; 514 when configured.</summary>
    public const int DefaultPort = 5514;

    /// <summary>Where datagrams are received. Port 0 picks a free port; <see cref="SyslogReceiver.LocalEndPoint"/> tells which.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Any, DefaultPort);

    /// <summary>
    /// Datagrams waiting for the sink. When full, new datagrams are dropped and counted: the queue's memory is at
    /// most this many times <see cref="MaxMessageBytes"/>.
    /// </summary>
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>The most messages handed to the sink in one call.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Longer datagrams are cut to this length and flagged <see cref="ReceivedSyslogMessage.Truncated"/>
    /// (RFC 5424 §6.1: receivers should take 2048 octets and may cut longer messages).
    /// </summary>
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>The socket's kernel receive buffer, which absorbs bursts while the receive loop catches up; the OS may cap it.</summary>
    public int SocketReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 480, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageBytes, 65535, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(SocketReceiveBufferBytes, nameof(SocketReceiveBufferBytes));
    }
}
