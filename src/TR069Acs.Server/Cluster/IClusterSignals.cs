namespace TR069Acs.Server.Cluster;

/// <summary>
/// The one road of cache invalidation: whoever changes something a node may cache publishes what changed (a
/// <see cref="ClusterChangeKinds">kind</see>) and its key; every subscriber of that kind, on this node and on every
/// other node on the database, drops what it kept.
/// </summary>
/// <remarks>On this node a subscriber hears the change before <see cref="PublishAsync"/> returns. Other nodes hear it
/// within <see cref="ClusterOptions.PollInterval"/> of the commit (they read the <c>changes</c> table), or at once where
/// the database can tell them (PostgreSQL <c>LISTEN/NOTIFY</c>). On a database this node has to itself
/// (<see cref="ClusterMode.Single"/>) nothing is written.</remarks>
internal interface IClusterSignals
{
    /// <summary>Tells every node that <paramref name="key"/> of <paramref name="kind"/> changed. Call it after the change
    /// is committed.</summary>
    Task PublishAsync(string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> with the key of every change of <paramref name="kind"/>, made here or on
    /// another node. The handler runs on the publisher's or the poller's thread: it drops cache entries and returns.</summary>
    IDisposable Subscribe(string kind, Action<string> handler);
}
