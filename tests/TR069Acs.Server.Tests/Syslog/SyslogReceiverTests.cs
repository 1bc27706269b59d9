using System.Net;
using System.Net.Sockets;
using System.Text;
using TR069Acs.Provisioning.Syslog;
using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>The receiver over real UDP on loopback, with the shared <see cref="SyslogParser"/>.</summary>
public sealed class SyslogReceiverTests
{
    [Fact]
    public async Task Rfc3164_datagram_reaches_the_sink_parsed()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink);
        using var phone = Sender();

        await SendAsync(phone, receiver, "<134>Mar  9 08:15:02 0011AABBCCDD SPA504G[7]: SPA504G 0011AABBCCDD -- Successful resync tftp://10.0.0.1/basic.txt\n");
        var received = await sink.WaitForAsync(m => m.Message is not null);
        var message = received.Message!;

        Assert.Equal(SyslogFormat.Rfc3164, message.Format);
        Assert.Equal(SyslogFacility.Local0, message.Facility);
        Assert.Equal(SyslogSeverity.Informational, message.Severity);
        Assert.Equal((3, 9, 8, 15, 2), (message.Timestamp!.Value.Month, message.Timestamp.Value.Day, message.Timestamp.Value.Hour, message.Timestamp.Value.Minute, message.Timestamp.Value.Second));
        Assert.Equal("0011AABBCCDD", message.Hostname);
        Assert.Equal("SPA504G", message.AppName);
        Assert.Equal("7", message.ProcessId);
        Assert.Equal("SPA504G 0011AABBCCDD -- Successful resync tftp://10.0.0.1/basic.txt", message.Message);
        Assert.Equal(((IPEndPoint)phone.LocalEndPoint!).Port, received.Remote.Port);
        Assert.False(received.Truncated);
        Assert.Equal(0, receiver.Statistics.Malformed);
    }

    [Fact]
    public async Task Rfc5424_datagram_reaches_the_sink_parsed()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink);
        using var phone = Sender();

        await SendAsync(phone, receiver, "<165>1 2025-03-10T11:22:33.004Z phone-7 CP-8841 42 UPGRADE [x y=\"a\\]b\"] \uFEFFUpgrade failed: bad image");
        var message = (await sink.WaitForAsync(m => m.Message is not null)).Message!;

        Assert.Equal(SyslogFormat.Rfc5424, message.Format);
        Assert.Equal(SyslogFacility.Local4, message.Facility);
        Assert.Equal(SyslogSeverity.Notice, message.Severity);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 11, 22, 33, 4, TimeSpan.Zero), message.Timestamp);
        Assert.Equal("phone-7", message.Hostname);
        Assert.Equal("CP-8841", message.AppName);
        Assert.Equal("42", message.ProcessId);
        Assert.Equal("UPGRADE", message.MessageId);
        Assert.Equal("[x y=\"a\\]b\"]", message.StructuredData);
        Assert.Equal("Upgrade failed: bad image", message.Message);
    }

    [Fact]
    public async Task What_the_phone_formatter_sends_comes_back_as_it_was()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink);
        using var phone = Sender();
        var sent = ProvisioningLog.Create("CP-8841-3PCC 0011aabbccdd -- Requesting resync tftp://10.0.0.1:69/basic.txt", "0011aabbccdd",
            new DateTimeOffset(2025, 3, 10, 11, 22, 33, TimeSpan.Zero));

        await phone.SendToAsync(SyslogFormatter.ToRfc3164Bytes(sent), receiver.LocalEndPoint);
        var message = (await sink.WaitForAsync(m => m.Message is not null)).Message!;

        Assert.Equal(sent.Hostname, message.Hostname);
        Assert.Equal(sent.Message, message.Message);
        Assert.Equal(sent.Severity, message.Severity);
    }

    [Fact]
    public async Task Garbage_is_counted_as_malformed_and_delivered_raw_with_the_reason()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink);
        using var sender = Sender();

        await sender.SendToAsync(new byte[] { 0xFF, 0x00, 0x13, 0x37 }, receiver.LocalEndPoint);
        await SendAsync(sender, receiver, "no priority at all");
        await SendAsync(sender, receiver, "<999>too high");
        await SendAsync(sender, receiver, "<14>1 yesterday host app - - - broken 5424");
        await SendAsync(sender, receiver, "<14>after: the garbage");

        await sink.WaitForAsync(m => m.Message?.AppName == "after");

        Assert.Equal(4, receiver.Statistics.Malformed);
        var raw = Assert.Single(sink.Messages, m => m.Raw == "no priority at all");
        Assert.True(raw.IsMalformed);
        Assert.Contains("<PRI>", raw.ParseProblem, StringComparison.Ordinal);
        Assert.Contains("RFC 3339", sink.Messages.Single(m => m.Raw.Contains("yesterday", StringComparison.Ordinal)).ParseProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_datagrams_never_stop_the_receiver()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink);
        using var sender = Sender();
        var random = new Random(5424);
        string[] prefixes = ["", "<13>", "<165>1 ", "<14>Mar  1 00:00:00 ", "<14>1 - - - - - [", "<14>1 2025-03-10T11:22:33Z "];

        for (var i = 0; i < 3000; i++)
        {
            var noise = new byte[random.Next(0, 200)];
            random.NextBytes(noise);
            byte[] datagram = [.. Encoding.ASCII.GetBytes(prefixes[i % prefixes.Length]), .. noise];
            await sender.SendToAsync(datagram, receiver.LocalEndPoint);
        }

        await SendAsync(sender, receiver, "<14>still: alive");

        await sink.WaitForAsync(m => m.Message?.AppName == "still");
        Assert.True(receiver.Statistics.Malformed > 0);
    }

    [Fact]
    public async Task Oversized_datagram_is_cut_and_flagged()
    {
        var sink = new RecordingSink();
        await using var receiver = Start(sink, o => o.MaxMessageBytes = 1024);
        using var sender = Sender();

        await SendAsync(sender, receiver, "<14>big: " + new string('x', 5000));

        var received = await sink.WaitForAsync(m => m.Message?.AppName == "big");

        Assert.True(received.Truncated);
        Assert.Equal(1024, received.Raw.Length);
        Assert.Equal(1, receiver.Statistics.Truncated);
    }

    [Fact]
    public async Task Failing_sink_loses_its_batch_but_not_the_receiver()
    {
        var sink = new RecordingSink { FailWhen = batch => batch.Any(m => m.Message?.Message == "poison") };
        await using var receiver = Start(sink);
        using var sender = Sender();

        await SendAsync(sender, receiver, "<14>poison");
        await WaitUntilAsync(() => receiver.Statistics.SinkFailures == 1);
        await SendAsync(sender, receiver, "<14>fine");

        await sink.WaitForAsync(m => m.Message?.Message == "fine");
        // The failed batch is gone — not retried, not delivered later, not held — and it is counted.
        Assert.DoesNotContain(sink.Messages, m => m.Message?.Message == "poison");
        Assert.Equal(1, receiver.Statistics.SinkFailures);
        Assert.Equal(1, receiver.Statistics.Delivered);
        Assert.Equal(2, receiver.Statistics.Received);
        Assert.Equal(0, receiver.Statistics.Pending);
    }

    [Fact]
    public async Task Flood_with_a_slow_sink_is_shed_and_counted_within_the_queue_bound()
    {
        const int Flood = 100_000;
        const int Capacity = 1000;
        const int Batch = 100;
        var sink = new RecordingSink(startClosed: true);
        await using var receiver = Start(sink, o =>
        {
            o.QueueCapacity = Capacity;
            o.MaxBatchSize = Batch;
        });
        using var sender = Sender();
        var datagram = Encoding.ASCII.GetBytes("<14>Mar 10 11:22:33 0011aabbccdd flood: CP-8841-3PCC 0011AABBCCDD -- Requesting resync tftp://10.0.0.1/cfg.xml");

        var maxPending = 0L;
        var sent = 0;
        try
        {
            // Issue 17: states, not durations. The flood goes on in chunks until the receiver has shed datagrams (with the
            // sink stuck, it must once it has read more than the queue and one batch hold), however slowly it reads.
            await Eventually.TrueAsync(async () =>
            {
                for (var i = 0; i < 1000 && sent < Flood; i++, sent++)
                {
                    await sender.SendToAsync(datagram, receiver.LocalEndPoint);
                }
                maxPending = Math.Max(maxPending, receiver.Statistics.Pending);
                return receiver.Statistics.Dropped > 0 || sent >= Flood;
            }, "the receiver to shed datagrams of the flood", seconds: 60);

            // A consistent reading: no datagram arrived between the three counters.
            long received = 0, dropped = 0, pending = 0;
            await Eventually.TrueAsync(() =>
            {
                (received, dropped, pending) = (receiver.Statistics.Received, receiver.Statistics.Dropped, receiver.Statistics.Pending);
                return received == receiver.Statistics.Received;
            }, "a reading of the counters between two datagrams");

            // What was read beyond the queue and the one batch the stuck sink holds was shed, and counted.
            Assert.True(dropped > 0, $"nothing was dropped: {received} datagrams read, the flood did not fill the queue");
            Assert.True(pending <= Capacity + Batch, $"{pending} messages held, bound is {Capacity + Batch}");
            Assert.True(maxPending <= Capacity + Batch, $"{maxPending} messages held during the flood");
            Assert.Equal(received, dropped + pending);
        }
        finally
        {
            sink.Open();
        }

        // The sink recovers: everything accepted is delivered, and new messages get through.
        await Eventually.TrueAsync(() => receiver.Statistics.Pending == 0 && receiver.Statistics.Received - receiver.Statistics.Dropped == sink.Messages.Count,
            "every accepted message to reach the recovered sink");
        await SendAsync(sender, receiver, "<14>after: the flood");
        await sink.WaitForAsync(m => m.Message?.AppName == "after");
        Assert.True(sink.LargestBatch <= Batch);
    }

    [Fact]
    public async Task Hosted_service_binds_port_0_and_delivers_until_stopped()
    {
        var sink = new RecordingSink();
        await using var service = new SyslogReceiverHostedService(new SyslogReceiverOptions { EndPoint = new(IPAddress.Loopback, 0) }, sink);
        await service.StartAsync(CancellationToken.None);
        using var sender = Sender();

        await SendAsync(sender, service.Receiver, "<14>before: stop");
        await sink.WaitForAsync(m => m.Message?.AppName == "before");
        var endPoint = service.Receiver.LocalEndPoint;
        await service.StopAsync(CancellationToken.None);

        Assert.NotEqual(0, endPoint.Port);
        Assert.Equal(1, service.Receiver.Statistics.Delivered);
        // Stopped means the port is let go: another socket can take it, and what is sent there no longer reaches the
        // receiver.
        using var successor = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        successor.Bind(endPoint);
        await sender.SendToAsync(Encoding.UTF8.GetBytes("<14>after: stop"), endPoint);
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var got = await successor.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.Equal("<14>after: stop", Encoding.UTF8.GetString(buffer, 0, got.ReceivedBytes));
        Assert.Equal(1, service.Receiver.Statistics.Received);
        Assert.DoesNotContain(sink.Messages, m => m.Message?.AppName == "after");
    }

    private static SyslogReceiver Start(RecordingSink sink, Action<SyslogReceiverOptions>? configure = null)
    {
        var options = new SyslogReceiverOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        configure?.Invoke(options);
        var receiver = new SyslogReceiver(options, sink);
        receiver.Start();
        return receiver;
    }

    private static Socket Sender()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task SendAsync(Socket sender, SyslogReceiver receiver, string text) =>
        await sender.SendToAsync(Encoding.UTF8.GetBytes(text), receiver.LocalEndPoint);

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.TrueAsync(condition, "the receiver's counters to reach the expected state");
}
