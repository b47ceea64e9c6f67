using System.Text.Json.Serialization;

namespace Blueprint.Web.Data;

/// <summary>
/// The one approval path every unit submission follows (progress reports, indicator values,
/// review submissions): the unit fills it, the unit leader approves it, the office accepts or
/// returns it. A returned record goes back to the unit as a draft with the office's comment.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum SubmissionStatus
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Accepted = 3,
    Returned = 4,
}
