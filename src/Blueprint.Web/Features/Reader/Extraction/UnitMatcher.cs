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

    // Aliases that end a longer name of their unit (经开区 of 安岳经开区, 高新区 of 资阳高新区): another place's zone is called so too.
    private readonly HashSet<string> _generic;

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
        _generic = all.Where(n => all.Any(o => o.UnitId == n.UnitId && o.Name.Length > n.Name.Length && o.Name.EndsWith(n.Name, StringComparison.Ordinal)))
            .Select(n => n.Name).ToHashSet();
    }

    /// <summary>
    /// A generic alias right after another place's name is that place's zone, not ours: "襄阳经开区" (a province or
    /// prefecture of <see cref="PlaceNames"/> that is none of our names), "某某县经开区" (two or more characters and
    /// 市/县/区/州/省 that are none of our names), or "某某经开区" when the sentence uses the same two characters as a
    /// place elsewhere ("岳阳临港新区"). "启动经开区" and "全市经开区" are still ours.
    /// </summary>
    private bool AfterForeignPlace(string text, int at, string name)
    {
        if (!_generic.Contains(name) || at < 2 || !IsHan(text[at - 1]) || !IsHan(text[at - 2]))
        {
            return false;
        }
        if (_names.Any(n => n.Name.Length >= 2 && at >= n.Name.Length && string.CompareOrdinal(text, at - n.Name.Length, n.Name, 0, n.Name.Length) == 0))
        {
            return false;
        }
        if (PlaceNames.EndingAt(text, at) is not null)
        {
            return true;
        }
        // 全市, 本县, 各区: the whole of our own area, not another place.
        if (at >= 3 && IsHan(text[at - 3]) && "市县区州省".Contains(text[at - 1], StringComparison.Ordinal)
            && !"全本我各该".Contains(text[at - 2], StringComparison.Ordinal))
        {
            return true;
        }
        var prefix = text.Substring(at - 2, 2);
        for (var p = text.IndexOf(prefix, StringComparison.Ordinal); p >= 0; p = text.IndexOf(prefix, p + 1, StringComparison.Ordinal))
        {
            if (p == at - 2)
            {
                continue;
            }
            // The same two characters opening a place's name: 岳阳临港新区, 襄阳东津新区, 襄阳市.
            for (var k = p + 2; k < Math.Min(text.Length, p + 7) && IsHan(text[k]); k++)
            {
                if ("市县区州".Contains(text[k], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

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
                if (string.CompareOrdinal(normalised, i, name, 0, name.Length) == 0 && !AfterForeignPlace(normalised, i, name))
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
