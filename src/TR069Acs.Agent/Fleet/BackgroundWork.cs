namespace TR069Acs.Agent.Fleet;

/// <summary>Fire-and-forget work of the fleet (sessions, transfers), tracked so that stopping can wait for it and
/// failures are logged rather than lost.</summary>
internal sealed class BackgroundWork
{
    private readonly HashSet<Task> _running = [];
    private readonly Lock _gate = new();

    /// <summary>Runs <paramref name="work"/> on the thread pool; an exception other than cancellation goes to
    /// <paramref name="onError"/>.</summary>
    public void Run(Func<Task> work, Action<Exception> onError)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                onError(e);
            }
        });
        lock (_gate)
        {
            _running.Add(task);
        }
        task.ContinueWith(t =>
        {
            lock (_gate)
            {
                _running.Remove(t);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until the work running now has finished, or <paramref name="timeout"/> has passed.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running).WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
