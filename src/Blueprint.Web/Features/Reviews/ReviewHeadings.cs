using System.Globalization;

namespace Blueprint.Web.Features.Reviews;

/// <summary>
/// Section titles of a review template name years by placeholder, so that one template serves every
/// year: <c>{年度}</c> is the year the campaign reviews, <c>{下年}</c> the year it plans for. A 2027
/// campaign shows "2027年主要成绩" and "2028年工作思路" from "{年度}年主要成绩" and "{下年}年工作思路".
/// </summary>
public static class ReviewHeadings
{
    public const string Year = "{年度}";
    public const string NextYear = "{下年}";

    public static string For(string title, int campaignYear) =>
        title.Contains('{', StringComparison.Ordinal)
            ? title.Replace(Year, campaignYear.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace(NextYear, (campaignYear + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : title;
}
