using Ferry.Appliance.Directory.Pinyin;

namespace Ferry.Perf.Directory;

internal sealed record Person(long Id, string Account, string Display);

internal static class Names
{
    // Common surnames (including the polyphonic 单 曾 解 区 朴 查 仇 翟 乐), weighted by position: earlier ones are commoner.
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解区朴查仇翟乐";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉宇浩然子涵欣怡梓轩一诺晨阳佳琪思雨文博雅婷嘉俊建国志强海燕春梅秋菊冬雪德华国庆长乐和平重阳行朝";
    public static readonly string[] LatinGiven = ["Tom", "Amy", "Leo", "Mia", "Max", "Eva", "Ian", "Zoe", "Ben", "Lily"];
    private static readonly string[] LatinSurnames = ["Smith", "Brown", "Lee", "Wong", "Chan", "Taylor", "Martin", "Garcia"];

    public static List<Person> Generate(int count, int seed, PinyinTable table)
    {
        var random = new Random(seed);
        var people = new List<Person>(count);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        for (int id = 1; people.Count < count; id++)
        {
            string display;
            int roll = random.Next(100);
            if (roll < 3)
            {
                display = LatinGiven[random.Next(LatinGiven.Length)] + " " + LatinSurnames[random.Next(LatinSurnames.Length)];
            }
            else
            {
                display = Surname(random).ToString();
                if (roll < 8)
                {
                    display += LatinGiven[random.Next(LatinGiven.Length)];
                }
                else
                {
                    int given = random.Next(10) < 7 ? 2 : 1;
                    for (int g = 0; g < given; g++)
                    {
                        display += Given[random.Next(Given.Length)];
                    }
                }
            }
            string baseAccount = PinyinNameKeys.ToPinyin(table, display);
            string account = baseAccount;
            for (int n = 2; !accounts.Add(account); n++)
            {
                account = baseAccount + n;
            }
            people.Add(new Person(id, account, display));
        }
        return people;
    }

    public static string Rename(Random random, string display) => Surname(random) + display[1..];

    // Skewed towards the common surnames: min of two uniform draws.
    private static char Surname(Random random) => Surnames[Math.Min(random.Next(Surnames.Length), random.Next(Surnames.Length))];
}
