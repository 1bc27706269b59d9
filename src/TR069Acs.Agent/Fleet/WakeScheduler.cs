namespace TR069Acs.Agent.Fleet;

/// <summary>Something the <see cref="WakeScheduler"/> calls back at a given time.</summary>
internal interface IWakeable
{
    /// <summary>The due time (UTC ticks) of the live entry; 0 when none. Owned by the scheduler.</summary>
    long WakeTicks { get; set; }

    /// <summary>Called on a thread-pool thread when the due time has come.</summary>
    void Wake();
}

/// <summary>One timer loop for the whole fleet: a priority queue of due times. An idle phone costs one queue entry,
/// not a thread or a timer. Rescheduling enqueues a new entry; the superseded one is recognised by its stale due
/// time and dropped when it surfaces.</summary>
internal sealed class WakeScheduler : IAsyncDisposable
{
    private readonly PriorityQueue<IWakeable, long> _queue = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _live;

    public WakeScheduler(TimeProvider time) => _time = time;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Calls <paramref name="target"/>.Wake at <paramref name="due"/> (at once when it has passed), replacing
    /// any earlier schedule of the same target.</summary>
    public void Schedule(IWakeable target, DateTimeOffset due)
    {
        var ticks = Math.Max(due.UtcTicks, 1);
        bool earliest;
        lock (_gate)
        {
            if (target.WakeTicks == ticks)
            {
                return;
            }
            if (target.WakeTicks == 0)
            {
                _live++;
            }
            target.WakeTicks = ticks;
            _queue.Enqueue(target, ticks);
            earliest = _queue.TryPeek(out _, out var head) && head == ticks;
            Compact();
        }
        if (earliest)
        {
            _signal.Release();
        }
    }

    /// <summary>Forgets <paramref name="target"/>'s schedule.</summary>
    public void Cancel(IWakeable target)
    {
        lock (_gate)
        {
            if (target.WakeTicks != 0)
            {
                target.WakeTicks = 0;
                _live--;
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            List<IWakeable>? due = null;
            lock (_gate)
            {
                var now = _time.GetUtcNow().UtcTicks;
                while (_queue.TryPeek(out var target, out var ticks) && ticks <= now)
                {
                    _queue.Dequeue();
                    if (target.WakeTicks != ticks)
                    {
                        continue;   // superseded
                    }
                    target.WakeTicks = 0;
                    _live--;
                    (due ??= []).Add(target);
                }
                wait = _queue.TryPeek(out _, out var next)
                    ? TimeSpan.FromTicks(Math.Min(next - now, TimeSpan.TicksPerHour))
                    : TimeSpan.FromHours(1);
            }
            if (due is not null)
            {
                foreach (var target in due)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static t => t.Wake(), target, preferLocal: false);
                }
            }
            // The wait runs on the injected clock, so that a test's fake TimeProvider moves it.
            using var timeout = new CancellationTokenSource(wait, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _signal.WaitAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Time for the next due target.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Superseded entries stay queued until their time; rebuild when they outnumber the live ones (a phone whose
    // periodic inform keeps moving would otherwise leave one per session).
    private void Compact()
    {
        if (_queue.Count <= (_live * 2) + 1024)
        {
            return;
        }
        var live = _queue.UnorderedItems.Where(e => e.Element.WakeTicks == e.Priority).ToList();
        _queue.Clear();
        _queue.EnqueueRange(live);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _signal.Dispose();
    }
}
