using System.Net;
using System.Text;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Agent.Admin;

/// <summary>The <c>/admin/advanced</c> page: the phone's identity and every flat parameter, grouped by the catalogue's
/// tabs and sections as the phone's web pages are. Every name and value is HTML-encoded; secrets are masked unless
/// the request was authenticated.</summary>
internal static class AdvancedPage
{
    public static string Render(Phone phone, FlatValues? values, bool showSecrets)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(phone.ProductClass)).Append(" Configuration Utility</title></head><body>\n<h1>")
            .Append(Encode(phone.ProductClass)).Append("</h1>\n<p>MAC ").Append(Encode(phone.Mac))
            .Append(", serial ").Append(Encode(phone.SerialNumber))
            .Append(", software ").Append(Encode(phone.SoftwareVersion)).Append("</p>\n");
        if (values is not null)
        {
            foreach (var tab in values.Parameters.Parameters.GroupBy(p => p.Tab))
            {
                html.Append("<h2>").Append(Encode(tab.Key)).Append("</h2>\n");
                foreach (var section in tab.GroupBy(p => p.Definition.Section))
                {
                    html.Append("<h3>").Append(Encode(section.Key)).Append("</h3>\n<table>\n");
                    foreach (var parameter in section)
                    {
                        var value = parameter.IsSensitive && !showSecrets && values[parameter].Length > 0 ? FlatProfileWriter.SecretMask : values[parameter];
                        html.Append("<tr><th>").Append(Encode(parameter.Name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
                    }
                    html.Append("</table>\n");
                }
            }
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
