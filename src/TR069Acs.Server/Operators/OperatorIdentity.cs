namespace TR069Acs.Server.Operators;

/// <summary>Who a request acts as: the audit actor (a user name, or <c>token:NAME/ID</c> for an API token), its role,
/// its device scope, and the token that authenticated it.</summary>
public sealed record OperatorIdentity(string Actor, OperatorRole Role, OperatorScope Scope, string TokenId, bool IsSession)
{
    /// <summary>The actor of an API token in the audit trail.</summary>
    public static string TokenActor(string name, string id) => $"token:{name}/{id}";
}
