using System.Collections.Concurrent;

namespace TR069Acs.Server.Tasks;

/// <summary>Wakes API calls waiting (<c>wait=S</c>) for a task to reach a final state, without polling the database.</summary>
internal sealed class TaskCompletionNotifier
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiters = new();

    /// <summary>A task that completes when <see cref="Notify"/> is called for <paramref name="taskId"/>. Register before
    /// reading the task's state, so a change between the read and the wait is not missed.</summary>
    public TaskCompletionSource Register(long taskId)
        => _waiters.GetOrAdd(taskId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Drops a registration nobody waits for any more.</summary>
    public void Unregister(long taskId, TaskCompletionSource registration)
        => _waiters.TryRemove(KeyValuePair.Create(taskId, registration));

    /// <summary>The task reached a final state (done, fault, expired) or was cancelled.</summary>
    public void Notify(long taskId)
    {
        if (_waiters.TryRemove(taskId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
