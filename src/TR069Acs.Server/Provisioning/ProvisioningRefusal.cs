namespace TR069Acs.Server.Provisioning;

/// <summary>A profile or activation request the provisioning features refuse: the HTTP status the file server answers
/// (403 wrong device, 404 no such file, 429 too many failures …) and a message a person can act on.</summary>
internal sealed record ProvisioningRefusal(int Status, string Message);
