namespace IntegrationHub.DemoData;

/// <summary>The script's reference tables: cities and districts, customer categories and their tariffs, names, payment channels, seasons.</summary>
internal static class PowerMarketingReference
{
    public static readonly (int Y, int M) FirstMonth = (2024, 1);
    public static readonly (int Y, int M) LastMonth = (2025, 5);

    public sealed record City(string Name, int Weight, string[] Districts, bool Coastal);

    public sealed record Category(string Name, double Share, string[] Volts, (int Lo, int Hi) Capacity, (int Lo, int Hi) Kwh, double Price);

    public static readonly City[] Cities =
    [
        new("杭州", 20, ["上城区", "西湖区", "萧山区", "余杭区"], false),
        new("宁波", 15, ["海曙区", "鄞州区", "北仑区", "慈溪市"], true),
        new("温州", 12, ["鹿城区", "瓯海区", "乐清市"], true),
        new("绍兴", 8, ["越城区", "柯桥区", "诸暨市"], false),
        new("湖州", 5, ["吴兴区", "长兴县", "安吉县"], false),
        new("嘉兴", 7, ["南湖区", "海宁市", "桐乡市"], false),
        new("金华", 9, ["婺城区", "义乌市", "东阳市"], false),
        new("衢州", 3, ["柯城区", "江山市"], false),
        new("舟山", 2, ["定海区", "普陀区"], true),
        new("台州", 8, ["椒江区", "温岭市", "临海市"], true),
        new("丽水", 3, ["莲都区", "龙泉市"], false),
    ];

    public static readonly Category[] Categories =
    [
        new("居民生活", 0.78, ["0.22kV"], (4, 16), (90, 420), 0.538),
        new("一般工商业", 0.15, ["0.4kV", "10kV"], (30, 630), (1500, 40000), 0.752),
        new("大工业", 0.04, ["10kV", "35kV", "110kV"], (800, 40000), (150000, 3200000), 0.664),
        new("农业生产", 0.03, ["0.4kV"], (20, 200), (400, 9000), 0.472),
    ];

    public const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    public const string Given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕红梅晓东丹玉兰建军春梅立新文斌";
    public static readonly string[] CompanyWords = ["精工", "华达", "恒信", "新能", "永泰", "远航", "东方", "金源", "宏图", "瑞丰", "天成", "万通", "博远", "鼎盛", "海润", "中天"];

    public static readonly Dictionary<string, string[]> CompanyKinds = new()
    {
        ["一般工商业"] = ["商贸有限公司", "餐饮管理有限公司", "酒店有限公司", "超市有限公司", "物业服务有限公司", "科技有限公司"],
        ["大工业"] = ["纺织有限公司", "化工有限公司", "钢铁有限公司", "机械制造有限公司", "新材料股份有限公司", "水泥有限公司", "数据中心有限公司"],
        ["农业生产"] = ["农业专业合作社", "家庭农场", "水产养殖场", "茶叶专业合作社"],
    };

    public static readonly Dictionary<string, (string, double)[]> PayChannels = new()
    {
        ["居民生活"] = [("网上国网", 40), ("支付宝", 25), ("微信", 20), ("银行代扣", 10), ("营业厅", 5)],
        ["一般工商业"] = [("网上国网", 35), ("银行代扣", 35), ("支付宝", 10), ("微信", 10), ("营业厅", 10)],
        ["大工业"] = [("银行代扣", 70), ("网上国网", 20), ("营业厅", 10)],
        ["农业生产"] = [("营业厅", 30), ("网上国网", 30), ("微信", 25), ("银行代扣", 15)],
    };

    public static readonly Dictionary<int, double> Season = new()
    {
        [1] = 1.25, [2] = 1.1, [3] = 0.9, [4] = 0.85, [5] = 0.92, [6] = 1.05, [7] = 1.45, [8] = 1.5, [9] = 1.1, [10] = 0.9, [11] = 0.92, [12] = 1.15,
    };
}
