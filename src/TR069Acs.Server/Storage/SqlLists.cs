namespace TR069Acs.Server.Storage;

/// <summary>Bounds on the parameters of one command. SQL Server refuses a request with more than 2,100 parameters, and
/// Dapper expands <c>IN @List</c> into one parameter per element, so a list that can grow (device ids of a page, tags,
/// models) is queried in chunks of <see cref="MaxItems"/> on every provider.</summary>
internal static class SqlLists
{
    /// <summary>SQL Server's limit on the parameters of one request. SQLite connections are given the same limit
    /// (<see cref="SqliteDialect"/>), so a statement that would fail on SQL Server fails in the always-run tests.</summary>
    public const int MaxParameters = 2100;

    /// <summary>Elements of one expanded list: under half of <see cref="MaxParameters"/>, leaving room for the
    /// statement's other parameters or a list named twice.</summary>
    public const int MaxItems = 1000;

    /// <summary>Runs <paramref name="query"/> once per chunk of at most <see cref="MaxItems"/> keys and concatenates the
    /// rows. The chunks are queried one after another: rows come in chunk order, not in any ORDER BY across chunks.</summary>
    public static async Task<List<TRow>> QueryInChunksAsync<TKey, TRow>(IEnumerable<TKey> keys, Func<TKey[], Task<IEnumerable<TRow>>> query)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(query);
        var rows = new List<TRow>();
        foreach (var chunk in keys.Chunk(MaxItems))
        {
            rows.AddRange(await query(chunk).ConfigureAwait(false));
        }
        return rows;
    }
}
