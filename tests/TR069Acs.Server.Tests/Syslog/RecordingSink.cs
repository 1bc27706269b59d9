using System.Collections.Concurrent;
using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>A sink that records batches; it can be held shut to play a slow database, or made to throw.</summary>
internal sealed class RecordingSink : ISyslogSink
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _batches;
    private int _largestBatch;

    public RecordingSink(bool startClosed = false)
    {
        if (!startClosed)
        {
            _gate.SetResult();
        }
    }

    public ConcurrentQueue<ReceivedSyslogMessage> Messages { get; } = new();

    public int Batches => _batches;

    public int LargestBatch => _largestBatch;

    public Func<IReadOnlyList<ReceivedSyslogMessage>, bool>? FailWhen { get; set; }

    public void Open() => _gate.TrySetResult();

    public async ValueTask WriteAsync(IReadOnlyList<ReceivedSyslogMessage> batch, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _batches);
        InterlockedMax(ref _largestBatch, batch.Count);
        if (FailWhen?.Invoke(batch) == true)
        {
            throw new InvalidOperationException("database is down");
        }

        foreach (var message in batch)
        {
            Messages.Enqueue(message);
        }
    }

    public async Task<ReceivedSyslogMessage> WaitForAsync(Func<ReceivedSyslogMessage, bool> match)
    {
        for (var i = 0; i < 400; i++)
        {
            var found = Messages.FirstOrDefault(m => match(m));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("the expected syslog message did not reach the sink within 10 s");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
