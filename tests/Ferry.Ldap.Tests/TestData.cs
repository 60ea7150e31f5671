using System.Text;

namespace Ferry.Ldap.Tests;

/// <summary>
/// The test directory: nested OUs (one with a Chinese name), named users, odd entries the sync must report one by
/// one, a plain container that is not a department, and <see cref="SlapdFixture.BulkUsers"/> users in five teams.
/// </summary>
internal static class TestData
{
    public const string Engineering = "ou=Engineering," + SlapdFixture.Suffix;
    public const string Platform = "ou=Platform," + Engineering;
    public const string Apps = "ou=Apps," + Engineering;
    public const string Mobile = "ou=Mobile," + Apps;
    public const string Sales = "ou=Sales," + SlapdFixture.Suffix;
    public const string EastChina = "ou=华东," + Sales;
    public const string Staff = "ou=Staff," + SlapdFixture.Suffix;
    public const string Contractors = "cn=Contractors," + SlapdFixture.Suffix;
    public const string ZhangSan = "uid=zhangsan," + Platform;
    public const string LiSi = "uid=lisi," + EastChina;
    public const int Teams = 5;

    /// <summary>Departments: 7 named OUs plus the teams.</summary>
    public const int Departments = 7 + Teams;

    /// <summary>Good users: zhangsan, lisi, wangwu (in Mobile), contractor1 and the bulk.</summary>
    public const int GoodUsers = 4 + SlapdFixture.BulkUsers;

    public static string Team(int n) => $"ou=Team{n:00},{Staff}";

    public static string BulkAccount(int n) => $"user{n:0000}";

    public static string Ldif()
    {
        var ldif = new StringBuilder();
        Entry(ldif, SlapdFixture.Suffix, ("objectClass", "dcObject"), ("objectClass", "organization"), ("dc", "ferry"), ("o", "Ferry Test"));
        Entry(ldif, SlapdFixture.SyncDn, ("objectClass", "organizationalRole"), ("objectClass", "simpleSecurityObject"), ("cn", "sync"), ("userPassword", SlapdFixture.SyncPassword));
        foreach (string ou in new[] { Engineering, Platform, Apps, Mobile, Sales, EastChina, Staff })
        {
            OrganizationalUnit(ldif, ou);
        }

        for (int team = 1; team <= Teams; team++)
        {
            OrganizationalUnit(ldif, Team(team));
        }

        Entry(ldif, Contractors, ("objectClass", "organizationalRole"), ("cn", "Contractors"));

        Person(ldif, ZhangSan, "张三", ("uid", "zhangsan"), ("mail", "zhangsan@ferry.test"), ("mobile", "+86 138 0000 0001"),
            ("telephoneNumber", "+86 21 5555 0101"), ("title", "工程师"), ("employeeNumber", "E0001"), ("departmentNumber", "CC-100"));
        Person(ldif, LiSi, "李四", ("uid", "lisi"), ("mail", "lisi@ferry.test"), ("title", "销售经理"));
        Person(ldif, "uid=wangwu," + Mobile, "王五 Wang", ("uid", "wangwu"));
        Person(ldif, "uid=contractor1," + Contractors, "Casey Contractor", ("uid", "contractor1"));

        // Odd entries: each must come back as one error, the run must go on.
        Person(ldif, "cn=No Uid," + Sales, "No Uid");
        Person(ldif, "uid=multimail," + Sales, "Multi Mail", ("uid", "multimail"), ("mail", "one@ferry.test"), ("mail", "two@ferry.test"));
        Person(ldif, "uid=longtitle," + Sales, "Long Title", ("uid", "longtitle"), ("title", new string('x', 150)));
        Person(ldif, "cn=Bad Name," + Sales, "Bad Name", ("uid", "bad name!"));
        Person(ldif, "uid=linebreak," + Sales, "Line Break", ("uid", "linebreak"), ("title", "first line\nsecond line"));
        Person(ldif, "uid=dup," + Platform, "Dup One", ("uid", "dup"));
        Person(ldif, "uid=dup," + Sales, "Dup Two", ("uid", "dup"));

        for (int n = 1; n <= SlapdFixture.BulkUsers; n++)
        {
            string account = BulkAccount(n);
            Person(ldif, $"uid={account},{Team(1 + (n % Teams))}", $"User {n:0000}", ("uid", account), ("mail", account + "@ferry.test"), ("employeeNumber", $"B{n:00000}"));
        }

        return ldif.ToString();
    }

    public static int OddEntries => 7;

    private static void OrganizationalUnit(StringBuilder ldif, string dn)
    {
        string name = dn[3..dn.IndexOf(',', StringComparison.Ordinal)];
        Entry(ldif, dn, ("objectClass", "organizationalUnit"), ("ou", name));
    }

    private static void Person(StringBuilder ldif, string dn, string cn, params (string, string)[] attributes) =>
        Entry(ldif, dn, [("objectClass", "inetOrgPerson"), ("cn", cn), ("sn", cn.Split(' ')[0]), ("userPassword", SlapdFixture.UserPassword), .. attributes]);

    private static void Entry(StringBuilder ldif, string dn, params (string Name, string Value)[] attributes)
    {
        Line(ldif, "dn", dn);
        foreach ((string name, string value) in attributes)
        {
            Line(ldif, name, value);
        }

        ldif.Append('\n');
    }

    // LDIF (RFC 2849): values that are not safe ASCII are base64 ("name:: ...").
    private static void Line(StringBuilder ldif, string name, string value)
    {
        bool safe = value.Length == 0 || (value[0] is not (' ' or ':' or '<') && value.All(c => c is >= ' ' and < (char)127) && value[^1] != ' ');
        ldif.Append(name).Append(safe ? ": " + value : ":: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(value))).Append('\n');
    }
}
