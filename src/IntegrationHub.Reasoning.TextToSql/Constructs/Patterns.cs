using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The grammar of questions as patterns, shared by the construct recognisers.</summary>
internal static partial class Patterns
{

    [GeneratedRegex(@"(?<![a-z])(drop|delete|truncate|alter|insert|update|grant|revoke|attach|detach|pragma|vacuum|create\s+table|replace\s+into)(?![a-z])|删除|删掉|清空|清除|修改|更改|篡改|插入|写入|新建表|建表|drop掉")]
    internal static partial Regex WriteIntent();

    [GeneratedRegex(@"(?<![a-z])select\s.+\sfrom(?![a-z])|(?<![a-z])union(\s+all)?\s+select|;\s*(select|with)\s|--|/\*")]
    internal static partial Regex SqlText();

    [GeneratedRegex(@"忽略.{0,8}(指令|提示|规则|要求|限制)|无视.{0,8}(指令|规则|限制)|ignore\s+(all\s+)?(the\s+)?(previous|prior|above)|disregard\s+(all\s+)?(previous|prior)|system\s+prompt|你现在是|扮演")]
    internal static partial Regex Injection();

    [GeneratedRegex(@"(?<op>大于等于|小于等于|不少于|不低于|不小于|不超过|不高于|不多于|不大于|超过|超出|大于|高于|多于|多过|至少|至多|少于|低于|小于|不到|不足|>=|<=|>|<|more than|greater than|higher than|larger than|at least|at most|less than|fewer than|lower than|exceeding|exceed|over|above|below|under)\s*(?<num>\d+(?:\.\d+)?)\s*(?<mul>万|亿|千|k(?![a-z]))?\s*(?<cu>次|个|笔|张|户|件|单|通|条|名|家|位|起|time(?![a-z]))?(?<unit>[a-z%元度千瓦时小时天分钟秒]*)")]
    internal static partial Regex ComparisonBefore();

    [GeneratedRegex(@"(?<num>\d+(?:\.\d+)?)\s*(?<mul>万|亿|千)?\s*(?<cu>次|个|笔|张|户|件|单|通|条|名|家|位|起)?(?<unit>[a-z%元度千瓦时小时天分钟秒]*)\s*(?<op>及以上|以上|及以下|以下)")]
    internal static partial Regex ComparisonAfter();

    [GeneratedRegex(@"(?<dir>最多|最高|最大|最长|最少|最低|最小|最短|排名前|排行前|前|top|bottom|highest|largest|biggest|most|lowest|smallest|fewest|least)\s*的?\s*(?<n>\d{1,4})(?!\d)\s*(个|名|位|家|条|户|张|笔|单|件|次|大)?")]
    internal static partial Regex TopN();

    [GeneratedRegex(@"(?<n>\d{1,4})\s*(?:个|名|位|家|条)?\s*(?<dir>largest|biggest|highest|top|most|lowest|smallest|least|fewest)")]
    internal static partial Regex TopNAfter();

    [GeneratedRegex(@"最多|最高|最大|最长|最少|最低|最小|最短|(?<![a-z])(most|highest|largest|biggest|greatest|maximum|max|longest|lowest|smallest|least|fewest|minimum|min|shortest)(?![a-z])")]
    internal static partial Regex Superlative();

    [GeneratedRegex(@"少|低|小|短|bottom|lowest|smallest|least|fewest|minimum|min|shortest")]
    internal static partial Regex Ascending();

    [GeneratedRegex(@"从高到低|从大到小|由高到低|由大到小|从多到少|由多到少|从长到短|从新到旧|降序|倒序|desc|descending|high(?:est)? (?:to|first)|(?:largest|longest|biggest|greatest|most|newest|latest) to")]
    internal static partial Regex OrderDesc();

    [GeneratedRegex(@"从低到高|从小到大|由低到高|由小到大|从少到多|由少到多|从短到长|从旧到新|升序|正序|asc(?![a-z])|ascending|low(?:est)? (?:to|first)|(?:smallest|shortest|least|fewest|oldest|earliest) to|alphabetical")]
    internal static partial Regex OrderAsc();

    [GeneratedRegex(@"平均|均值|人均|户均|(?<![a-z])(average|avg|mean)(?![a-z])")]
    internal static partial Regex AvgWord();

    [GeneratedRegex(@"总|合计|总计|累计|之和|(?<![a-z])(total|sum)(?![a-z])")]
    internal static partial Regex AggWord();

    [GeneratedRegex(@"有哪些|哪些|列出|列举|列一下|清单|明细|名单|(?<![a-z])(list|show|which|what are|return|get|give)(?![a-z])")]
    internal static partial Regex ListWord();

    [GeneratedRegex(@"列出|列举|列一下|显示|(?<![a-z])(list|show)(?![a-z])")]
    internal static partial Regex ListStart();

    [GeneratedRegex(@"多少|几|数量|个数|次数|件数|笔数|户数|总数|数目|(?<![a-z])(how many|number of|count)(?![a-z])")]
    internal static partial Regex CountWord();

    [GeneratedRegex(@"哪个|哪一个|哪家|哪位|哪条|哪座|哪一|哪(?!些)|(?<![a-z])which(?![a-z])")]
    internal static partial Regex WhichWord();

    [GeneratedRegex(@"(多少|几)\s*(个|位|家|户|张|笔|条|件|单|名|种|类|块|台|只)?\s*$|(how many|number of|count of)\s*$")]
    internal static partial Regex CountBefore();

    [GeneratedRegex(@"^\s*(的)?(数量|个数|总数|数目|数|有多少|有几|一共有多少|共有多少|总共有多少)")]
    internal static partial Regex CountAfter();

    [GeneratedRegex(@"(各个?|每个?|每种|按照?|不同|分|(?<![a-z])(?:by|per|each))\s*(?<w>状态|类型|类别|种类|status|state|type|kind|category)")]
    internal static partial Regex GenericGroup();

    [GeneratedRegex(@"^\s*(SUM|AVG|MIN|MAX)\s*\(\s*(?<t>[A-Za-z_][A-Za-z0-9_]*)\.(?<c>[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$", RegexOptions.IgnoreCase)]
    internal static partial Regex MetricColumn();

    [GeneratedRegex(@"最近\s*1?\s*次|最后\s*1?\s*次|最新|最早|第\s*1\s*次|(?<![a-z])(latest|most recent|last time|earliest|first time)(?![a-z])")]
    internal static partial Regex LatestWord();

    [GeneratedRegex(@"时间|日期|什么时候|何时|哪天|(?<![a-z])(when|date|time)(?![a-z])")]
    internal static partial Regex WhenWord();

    [GeneratedRegex(@"(没有|没|未|尚未|无|不|非|(?<![a-z])(not|no|without|never|non|haven't|hasn't|don't|doesn't|isn't|aren't|lack|lacking)(?![a-z]))[^,.;?，。]{0,14}$")]
    internal static partial Regex BooleanNegation();

    [GeneratedRegex(@"[a-z][a-z0-9_]{2,}|[\u3400-\u9fff]{2,}")]
    internal static partial Regex ContentWord();

    [GeneratedRegex(@"比值|之比|比率|(?<![a-z])(ratio|divided by)(?![a-z])")]
    internal static partial Regex RatioWord();

    [GeneratedRegex(@"(?<![a-z])(?:from |in )?(?:highest|largest|longest|biggest|greatest|most|lowest|smallest|shortest|least|fewest|high|low|newest|oldest|latest|earliest) (?:to|first)(?: (?:highest|largest|longest|biggest|greatest|most|lowest|smallest|shortest|least|fewest|high|low|newest|oldest|latest|earliest))?(?![a-z])")]
    internal static partial Regex OrderPhrase();

    [GeneratedRegex(@"(?<![a-z])(each|per|by|every|across)(?![a-z])|各|每|按|分别")]
    internal static partial Regex GroupWord();

    [GeneratedRegex(@"分别|各自|(?<![a-z])(respectively|each of)(?![a-z])")]
    internal static partial Regex Respectively();

    [GeneratedRegex(@"(没有|没|未|不是|不属于|非|除了|除|(?<![a-z])(not|non|excluding|except)\s*-?)\s*$")]
    internal static partial Regex Negation();

    [GeneratedRegex(@"占比|比例|比重|所占|占全|(?<![a-z])(share|percentage|proportion|fraction)(?![a-z])")]
    internal static partial Regex ShareWord();

    [GeneratedRegex(@"^\s*SUM\((.*)\)\s*$", RegexOptions.IgnoreCase)]
    internal static partial Regex OuterSum();

    [GeneratedRegex(@"^\s*(count|number|total|amount)(?![a-z])")]
    internal static partial Regex CountWordAfter();

    [GeneratedRegex(@"(各个|各|每个|每一个|每一|每|[各每][条家位名座台块张项笔次]|按照|按|分|不同|(?<![a-z])(by|per|each|every|for each|across|for every))\s*$")]
    internal static partial Regex GroupMarkerRegex();

    [GeneratedRegex(@"(各类|各种|每类|每种|每一类|分类|哪类|哪一类|哪种|哪一种|不同类型的?|不同种类的?)\s*$")]
    internal static partial Regex KindMarker();

    [GeneratedRegex(@"^\s*(和|与|及|以及|、|,|and|&)\s*$")]
    internal static partial Regex Conjunction();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*[A-Za-z_""]")]
    internal static partial Regex QualifiedName();

    [GeneratedRegex(@"时长|多久|多长时间|耗时|用时|历时|(?<![a-z])(duration|how long|time taken)(?![a-z])")]
    internal static partial Regex DurationWord();

    /// <summary>A duration word right after a term: "处理时长", "repair duration".</summary>
    [GeneratedRegex(@"^\s*(?:的)?(?:时长|多久|多长时间|耗时|用时|历时|(?:duration|time taken)(?![a-z]))")]
    internal static partial Regex DurationAfter();

    [GeneratedRegex(@"start|begin|creat|found|detect|occur|report|open|开始|发现|受理|发生|创建|登记|报告")]
    internal static partial Regex StartWord();

    [GeneratedRegex(@"end|close|finish|resolv|restor|complet|repair|fix|结束|办结|完成|复电|修复|整改|处理完|关闭|恢复")]
    internal static partial Regex EndWord();

    [GeneratedRegex(@"天|(?<![a-z])days?(?![a-z])")]
    internal static partial Regex DayUnit();

    [GeneratedRegex(@"分钟|(?<![a-z])minutes?(?![a-z])")]
    internal static partial Regex MinuteUnit();

    [GeneratedRegex(@"小时|(?<![a-z])hours?(?![a-z])")]
    internal static partial Regex HourUnit();

    /// <summary>The time between two dates: "days between X and Y", "time from X to Y", "X到Y相差几天".</summary>
    [GeneratedRegex(@"相差|间隔|天数|小时数|多少天|几天|多久|时长|(?<![a-z])(difference|elapsed|between|how long|duration|time from|time taken|number of days|how many days)(?![a-z])")]
    internal static partial Regex DateDifferenceWord();

    /// <summary>Short values right after a column: " of A or C", " A", " = B+", " 'A' and 'B'".</summary>
    [GeneratedRegex(@"\G\s*(?:(?<c>of|is|was|were|equal to|equals|=|:|为|是|等于)\s*)?['""]?(?<v>[a-z0-9]{1,2})['""]?(?:\s*(?:,|or|and|/|或|和|、)\s*['""]?(?<v>[a-z0-9]{1,2})['""]?)*(?![a-z0-9])")]
    internal static partial Regex ShortValueList();

    /// <summary>"how many … and how many … not", "有多少…，多少不…": a count of each side of one condition.</summary>
    [GeneratedRegex(@"(?<![a-z])how many\b.{0,80}\band how many\b.{0,40}(?:\b(?:not|never)(?![a-z])|n't)|多少.{0,40}?[,，、]?\s*(?:又有|还有)?(?:多少|几)\s*(?:个|位|名|次|笔|家)?\s*(?:不|没|未)")]
    internal static partial Regex SplitCountWord();

    /// <summary>"both A and B", "A and also B", "同时…和…": an intersection, as in <see cref="BothAnd"/>.</summary>
    [GeneratedRegex(@"(?<![a-z])(both|as well as)(?![a-z])|既|同时")]
    internal static partial Regex IntersectionWord();

    [GeneratedRegex(@"^\s*(SUM|AVG|MIN|MAX|COUNT)\s*\(", RegexOptions.IgnoreCase)]
    internal static partial Regex OuterAggregate();

    [GeneratedRegex(@"(?<![A-Za-z_])(SUM|AVG|MIN|MAX|COUNT)\s*\(", RegexOptions.IgnoreCase)]
    internal static partial Regex AnyAggregate();

    [GeneratedRegex(@"周末|双休日|(?<![a-z])weekends?(?![a-z])")]
    internal static partial Regex WeekendWord();

    [GeneratedRegex(@"工作日|(?<![a-z])weekdays?(?![a-z])")]
    internal static partial Regex WeekdayWord();

    [GeneratedRegex(@"(?<![a-z])(?:how long|how many days?)\b.{0,40}\bsince\s+the\s+(?:last|latest|most recent)(?![a-z])|距离?(?:上次|上[一1]次|最近[一1]次|最后[一1]次).{0,12}(?:多少天|几天|多久)|(?:上次|最近[一1]次|最后[一1]次).{0,12}距今(?:多少天|几天|多久)")]
    internal static partial Regex SinceLatestWord();

    /// <summary>Negation words anywhere (the coverage check reads them as grammar; <see cref="BooleanNegation"/> places them).</summary>
    [GeneratedRegex(@"没有|尚未|不是|不属于|除了|(?<![a-z])(not|no|without|never|non|excluding|except|neither|nor)(?![a-z])")]
    internal static partial Regex NegationWord();

    /// <summary>Group markers anywhere (the coverage check reads them as grammar; <see cref="GroupMarkerRegex"/> places them).</summary>
    [GeneratedRegex(@"各个|每个|每一个|按照|不同|(?<![a-z])(by|per|each|every|across)(?![a-z])")]
    internal static partial Regex GroupMarkerWord();

    /// <summary>"both A and B", "既…又…", "同时…和…": rows that have each of two things.</summary>
    [GeneratedRegex(@"(?<![a-z])both\s|既|同时")]
    internal static partial Regex BothAnd();
}
