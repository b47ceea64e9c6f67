using System.Text.RegularExpressions;

namespace Blueprint.Web.Features.Reader.Extraction;

/// <summary>A unit named in the text; <see cref="Speaker"/> when the text names the unit's leader speaking (雁江区委书记…说).</summary>
public sealed record UnitMention(int Start, int Length, int UnitId, bool Speaker);

/// <summary>A name several units answer to (经开区 when two zones use it): the reader asks, it never picks one.</summary>
public sealed record AmbiguousUnitMention(int Start, int Length, string Name, IReadOnlyList<int> Candidates);

/// <summary>
/// Finds units of the organisation by name and aliases. The longest name wins at each position,
/// so "资阳高新区" is the high-tech zone, not the city "资阳" followed by noise.
/// </summary>
public sealed partial class UnitMatcher
{
    private readonly List<(string Name, int UnitId)> _names;
    private readonly Dictionary<string, List<int>> _shared;

    public UnitMatcher(IReadOnlyList<ReaderUnit> units)
    {
        var all = units
            .SelectMany(u => u.Aliases.Prepend(u.Name).Select(n => (Name: TextNormaliser.Normalise(n.Trim()), UnitId: u.Id)))
            .Where(n => n.Name.Length >= 2)
            .Distinct()
            .ToList();
        // A name that several units answer to matches none of them: it is asked about (AmbiguousUnitMention).
        _shared = all.GroupBy(n => n.Name).Where(g => g.Select(n => n.UnitId).Distinct().Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(n => n.UnitId).Distinct().ToList());
        _names = all.DistinctBy(n => n.Name).OrderByDescending(n => n.Name.Length).ToList();
    }

    /// <summary>The names in the text that several units answer to, with those units.</summary>
    public IReadOnlyList<AmbiguousUnitMention> FindAmbiguous(string normalised)
    {
        var found = new List<AmbiguousUnitMention>();
        foreach (var mention in FindAll(normalised))
        {
            var name = normalised.Substring(mention.Start, mention.Length);
            if (_shared.TryGetValue(name, out var candidates))
            {
                found.Add(new AmbiguousUnitMention(mention.Start, mention.Length, name, candidates));
            }
        }
        return found;
    }

    // What follows a unit's name when its leader is the one speaking: 县委书记, 区长, 主要负责人, …表示.
    [GeneratedRegex(@"^(?:[区县市])?(?:委|党委|党工委|管委会|政府)?(?:常委|副?书记|主要负责人|负责人|[县区市]长|主任|局长|董事长)")]
    private static partial Regex SpeakerTitle();

    /// <summary>The units named in the text, each by a name only it answers to.</summary>
    public IReadOnlyList<UnitMention> Find(string normalised) =>
        FindAll(normalised).Where(m => !_shared.ContainsKey(normalised.Substring(m.Start, m.Length))).ToList();

    private List<UnitMention> FindAll(string normalised)
    {
        var found = new List<UnitMention>();
        for (var i = 0; i < normalised.Length; i++)
        {
            foreach (var (name, unitId) in _names)
            {
                if (string.CompareOrdinal(normalised, i, name, 0, name.Length) == 0)
                {
                    var speaker = SpeakerTitle().IsMatch(normalised.AsSpan(i + name.Length));
                    found.Add(new UnitMention(i, name.Length, unitId, speaker));
                    i += name.Length - 1;
                    break;
                }
            }
        }
        return found;
    }
}
