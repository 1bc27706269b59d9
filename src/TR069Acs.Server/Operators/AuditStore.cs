using System.Text;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Operators;

/// <summary>The <c>audit_log</c> table: append, query newest first, and the retention cleanup. Nothing else changes a row.</summary>
internal sealed class AuditStore(AcsDatabase database)
{
    public async Task AppendAsync(IReadOnlyCollection<(long Time, AuditEntry Entry)> entries, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (time, actor, remote_address, action, target, status, detail) VALUES (@Time, @Actor, @RemoteAddress, @Action, @Target, @Status, @Detail)",
            entries.Select(e => new { e.Time, e.Entry.Actor, e.Entry.RemoteAddress, e.Entry.Action, e.Entry.Target, e.Entry.Status, e.Entry.Detail }),
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Entries newest first, filtered; <paramref name="before"/> pages (the last id of the previous page).</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, long? since, long? until, long? before, int limit, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder("SELECT id, time, actor, remote_address, action, target, status, detail FROM audit_log WHERE 1 = 1");
        if (actor is not null)
        {
            sql.Append(" AND actor = @Actor");
        }
        if (since is not null)
        {
            sql.Append(" AND time >= @Since");
        }
        if (until is not null)
        {
            sql.Append(" AND time < @Until");
        }
        if (before is not null)
        {
            sql.Append(" AND id < @Before");
        }
        sql.Append(" ORDER BY id DESC").Append(database.Dialect.Paging);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql.ToString(),
            new { Actor = actor, Since = since, Until = until, Before = before, Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AuditRecord(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.Time), r.Actor, r.RemoteAddress, r.Action, r.Target,
            r.Status is { } s ? (int)s : null, r.Detail))];
    }

    /// <summary>Deletes entries older than <paramref name="before"/> (the retention setting); returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(long before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM audit_log WHERE time < @Before", new { Before = before }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long Time { get; init; }
        public string Actor { get; init; } = "";
        public string? RemoteAddress { get; init; }
        public string Action { get; init; } = "";
        public string? Target { get; init; }
        public long? Status { get; init; }
        public string? Detail { get; init; }
    }
}
