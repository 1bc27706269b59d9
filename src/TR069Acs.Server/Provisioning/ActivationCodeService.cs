using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Provisioning;

/// <summary>The operator's side of activation codes: create batches, list, revoke.</summary>
internal sealed partial class ActivationCodeService(ActivationCodeStore store, TimeProvider time, ILogger<ActivationCodeService> logger)
{
    /// <summary>Now, in the stores' Unix milliseconds.</summary>
    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Creates <see cref="ActivationCodeRequest.Count"/> codes sharing the request's settings; the codes are returned
    /// here once and stored only as hashes.</summary>
    public async Task<IReadOnlyList<CreatedActivationCode>> CreateAsync(ActivationCodeRequest request, CancellationToken cancellationToken)
    {
        var codes = new List<string>(request.Count);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < request.Count)
        {
            var code = ActivationCode.NewCode();
            if (hashes.Add(ActivationCode.Hash(code)))
            {
                codes.Add(code);
            }
        }
        var template = new ActivationCodeRow
        {
            Tag = request.Tag,
            Account = request.Account,
            ScopeKind = request.Scope?.KindName,
            ScopeKey = request.Scope?.Key,
            ProfileRule = request.ProfileRule,
            Created = Now,
            Expires = request.Expires,
        };
        var ids = await store.InsertAsync([.. codes.Select(c => new ActivationCodeStore.NewCode(ActivationCode.Hash(c), ActivationCode.Prefix(c)))], template,
            cancellationToken);
        Log.Created(logger, codes.Count, ids[0], ids[^1], request.Tag ?? "", request.Account ?? "");
        return [.. codes.Select((c, i) => new CreatedActivationCode(ids[i], ActivationCode.Format(c), ActivationCode.Prefix(c)))];
    }

    public Task<IReadOnlyList<ActivationCodeRow>> ListAsync(ActivationCodeState? state, string? tag, string? account, int limit, int offset,
        CancellationToken cancellationToken)
        => store.ListAsync(state, tag, account, limit, offset, Now, cancellationToken);

    public Task<ActivationCodeRow?> GetAsync(long id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// <summary>Revokes a code that has not been used; the row afterwards (null: no such code). A used code stays used:
    /// revoking it would not unbind its device.</summary>
    public async Task<(ActivationCodeRow? Row, bool Revoked)> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        var revoked = await store.RevokeAsync(id, Now, cancellationToken);
        if (revoked)
        {
            Log.Revoked(logger, id);
        }
        return (await store.GetAsync(id, cancellationToken), revoked);
    }

    private static partial class Log
    {
        [LoggerMessage(315, LogLevel.Information, "{Count} activation code(s) created (ids {First}-{Last}, tag '{Tag}', account '{Account}')")]
        public static partial void Created(ILogger logger, int count, long first, long last, string tag, string account);

        [LoggerMessage(316, LogLevel.Information, "Activation code {Id} revoked")]
        public static partial void Revoked(ILogger logger, long id);
    }
}
