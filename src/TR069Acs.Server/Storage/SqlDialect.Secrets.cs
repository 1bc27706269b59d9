using System.Data.Common;

namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Before secrets stored in plaintext are rewritten encrypted: makes the provider overwrite freed space on
    /// <paramref name="connection"/> where it can. Returns what <see cref="EndSecretRewriteAsync"/> restores.</summary>
    public virtual Task<object?> BeginSecretRewriteAsync(DbConnection connection, CancellationToken cancellationToken)
        => Task.FromResult<object?>(null);

    /// <summary>After the rewrite: restores what <see cref="BeginSecretRewriteAsync"/> changed.</summary>
    public virtual Task EndSecretRewriteAsync(DbConnection connection, object? state, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether <see cref="CompactAfterSecretRewriteAsync"/> does anything on this provider.</summary>
    public virtual bool CompactsAfterSecretRewrite => false;

    /// <summary>After values were rewritten encrypted: removes the old plaintext bytes from the database's files where
    /// the provider allows it. False when part of it could not be done now (busy readers).</summary>
    public virtual Task<bool> CompactAfterSecretRewriteAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult(true);
}
