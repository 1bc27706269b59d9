namespace TR069Acs.Server.Provisioning;

/// <summary>A code just created: the only time the code itself exists outside the phone it is typed into.</summary>
/// <param name="Id">The code's id in the API.</param>
/// <param name="Code">The code, <c>XXXX-XXXX-XXXX-XXXX</c>.</param>
/// <param name="Prefix">What listings show of it.</param>
internal sealed record CreatedActivationCode(long Id, string Code, string Prefix);
