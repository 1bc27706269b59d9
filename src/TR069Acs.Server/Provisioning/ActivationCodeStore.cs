using System.Text;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>The <c>activation_codes</c> table.</summary>
internal sealed class ActivationCodeStore(AcsDatabase database)
{
    private const string Columns = "id, code_hash, prefix, tag, account, scope_kind, scope_key, profile_rule, created, expires, used, used_from, device_id, revoked";

    /// <summary>A code to insert: its hash and prefix with the batch's shared settings.</summary>
    public sealed record NewCode(string CodeHash, string Prefix);

    /// <summary>Inserts a batch in one transaction; returns the ids in order. A hash that exists already (a 2^-80 event) throws
    /// and nothing is inserted.</summary>
    public async Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<NewCode> codes, ActivationCodeRow template, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<long>(codes.Count);
        foreach (var code in codes)
        {
            ids.Add(await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertActivationCode, new
            {
                code.CodeHash, code.Prefix, template.Tag, template.Account, template.ScopeKind, template.ScopeKey, template.ProfileRule,
                template.Created, template.Expires,
            }, transaction, cancellationToken: cancellationToken)));
        }
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public async Task<ActivationCodeRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ActivationCodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM activation_codes WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<ActivationCodeRow?> GetByHashAsync(string codeHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ActivationCodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM activation_codes WHERE code_hash = @Hash", new { Hash = codeHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Codes newest first, filtered by state at <paramref name="now"/>, tag and account.</summary>
    public async Task<IReadOnlyList<ActivationCodeRow>> ListAsync(ActivationCodeState? state, string? tag, string? account, int limit, int offset, long now,
        CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM activation_codes WHERE 1 = 1");
        sql.Append(state switch
        {
            ActivationCodeState.Revoked => " AND revoked IS NOT NULL",
            ActivationCodeState.Used => " AND revoked IS NULL AND used IS NOT NULL",
            ActivationCodeState.Expired => " AND revoked IS NULL AND used IS NULL AND expires <= @Now",
            ActivationCodeState.Unused => " AND revoked IS NULL AND used IS NULL AND expires > @Now",
            _ => "",
        });
        if (tag is not null)
        {
            sql.Append(" AND tag = @Tag");
        }
        if (account is not null)
        {
            sql.Append(" AND account = @Account");
        }
        sql.Append(" ORDER BY id DESC").Append(database.Dialect.Paging);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ActivationCodeRow>(new CommandDefinition(sql.ToString(),
            new { Now = now, Tag = tag, Account = account, Limit = limit, Offset = offset }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Marks the code used if it is unused at <paramref name="now"/>: one atomic statement, so of concurrent
    /// activations with one code exactly one gets true.</summary>
    public async Task<bool> ClaimAsync(long id, long now, string? remote, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE activation_codes SET used = @Now, used_from = @Remote
            WHERE id = @Id AND used IS NULL AND revoked IS NULL AND expires > @Now
            """, new { Id = id, Now = now, Remote = remote }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records the device a claimed code bound.</summary>
    public async Task BindAsync(long id, string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE activation_codes SET device_id = @DeviceId WHERE id = @Id", new { Id = id, DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives a claimed code back when the activation could not finish (the device could not be registered).</summary>
    public async Task ReleaseAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE activation_codes SET used = NULL, used_from = NULL WHERE id = @Id AND device_id IS NULL", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Revokes an unused (or expired) code; false when it is used or revoked already.</summary>
    public async Task<bool> RevokeAsync(long id, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE activation_codes SET revoked = @Now WHERE id = @Id AND used IS NULL AND revoked IS NULL",
            new { Id = id, Now = now }, cancellationToken: cancellationToken)) == 1;
    }
}
