"""Counts a researcher can trust (issue 19, item 6): English names and multiword terms of 2015
Saudi news against the Arabic phrases they mean, on the 31,030-article SaudiNewsNet index.

    python bench/translation_counts.py --engine whoosh --index /tmp/idx31k-ent [--split holdout]
    python bench/translation_counts.py --engine opensearch --index h19xl-31k   # same corpus, loaded
                                        # with `corpus index DATA --engine opensearch --index NAME`

Per pair: the English query's total (translate=auto, as the pages search), the Arabic
phrase's total (quoted, translate=off; a term Arabic writes two ways, أبوظبي and أبو ظبي,
counts both spellings), their ratio, the same against the phrase as written (exact:, which
a name's count should match: the quoted phrase counts by stem, and the light stemmer reads
a name's letters as affixes: "علي النعيمي" also counts العلي النعيم), and how many of the
English query's top 10 hold the Arabic phrase. The figure by kind compares each English query
with the Arabic query of its kind: exact: when all its translations are names held as
written, the quoted phrase (by stem) otherwise. Targets: ratio within 0.67-1.5 for >= 90% of the pairs, no
English total of 0 where the Arabic phrase finds articles, >= 8 of each top 10.

Latency: the same English queries searched as a page asks (facets, 10 snippets, spelling
variants and did-you-mean, translation) in this process (no HTTP), after one warm pass;
p50/p95/max of three passes. The pairs were chosen before measuring (people, ministries,
councils, places); the hard ones stay in (Hadi's full name, Erdogan's, Khalid al-Faisal).
Splits: dev (PAIRS), holdout, holdout2 (round 3's unseen set), fresh (the lead's spot check),
holdout3 (round 4's, in view while its senses were written), holdout4 (round 4's, in view for
a last pass), holdout5 (round 4's unseen set), holdout6 (session 8's unseen set), holdout7
(session 8's second unseen set), holdout8 (session 9's unseen set, measured once before and
after names were counted as written).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.engines import open_searcher  # noqa: E402

PAIRS = [
    # people
    ("King Salman", "الملك سلمان"),
    ("Mohammed bin Nayef", "محمد بن نايف"),
    ("Mohammed bin Salman", "محمد بن سلمان"),
    ("Adel al-Jubeir", "عادل الجبير"),
    ("Abdul Malik al-Houthi", "عبدالملك الحوثي"),
    ("Ali Abdullah Saleh", "علي عبدالله صالح"),
    ("Abd Rabbuh Mansour Hadi", "عبدربه منصور هادي"),
    ("Bashar al-Assad", "بشار الأسد"),
    ("Hassan Rouhani", "حسن روحاني"),
    ("John Kerry", "جون كيري"),
    ("Barack Obama", "باراك أوباما"),
    ("Ban Ki-moon", "بان كي مون"),
    ("Khalid al-Faisal", "خالد الفيصل"),
    ("Recep Tayyip Erdogan", "رجب طيب أردوغان"),
    ("Sheikh Tamim", "الشيخ تميم"),
    ("Crown Prince", "ولي العهد"),
    ("Grand Mufti", "المفتي العام"),
    # ministries
    ("Interior Ministry", "وزارة الداخلية"),
    ("Ministry of Health", "وزارة الصحة"),
    ("Ministry of Education", "وزارة التعليم|وزارة التربية"),
    ("Foreign Ministry", "وزارة الخارجية"),
    ("Ministry of Labor", "وزارة العمل"),
    ("Ministry of Housing", "وزارة الإسكان"),
    ("Ministry of Justice", "وزارة العدل"),
    ("Ministry of Finance", "وزارة المالية"),
    ("Ministry of Commerce", "وزارة التجارة"),
    ("Ministry of Hajj", "وزارة الحج"),
    # councils and bodies
    ("Shura Council", "مجلس الشورى"),
    ("Council of Ministers", "مجلس الوزراء"),
    ("Security Council", "مجلس الأمن"),
    ("Gulf Cooperation Council", "مجلس التعاون الخليجي"),
    ("Council of Senior Scholars", "هيئة كبار العلماء"),
    ("United Nations", "الأمم المتحدة"),
    ("Arab League", "الجامعة العربية"),
    ("Royal Court", "الديوان الملكي"),
    ("National Guard", "الحرس الوطني"),
    ("Civil Defense", "الدفاع المدني"),
    ("Arab Coalition", "التحالف العربي"),
    # places, events, terms
    ("Eastern Province", "المنطقة الشرقية"),
    ("Grand Mosque", "المسجد الحرام"),
    ("Two Holy Mosques", "الحرمين الشريفين"),
    ("Saudi-led coalition", "التحالف بقيادة السعودية"),
    ("Abu Dhabi", "أبوظبي|أبو ظبي"),
    ("Decisive Storm", "عاصفة الحزم"),
    ("Human Rights", "حقوق الإنسان"),
    ("Municipal Elections", "الانتخابات البلدية"),
    ("Nuclear Deal", "الاتفاق النووي"),
    ("Oil Prices", "أسعار النفط"),
]
# Held out (issue 19, round 2): chosen before measuring, by the same kinds as PAIRS, none of
# them in PAIRS; the rules were changed with their figures in view, so PAIRS and HOLDOUT are
# reported apart. Dropped before measuring anything but the Arabic totals: pairs whose
# Arabic phrase finds fewer than 10 articles (Hussein al-Sheikh, Mansour bin Zayed, Strait of
# Hormuz, Nasser Al-Qahtani).
HOLDOUT = [
    ("Saud al-Faisal", "سعود الفيصل"),
    ("Ali Khamenei", "علي خامنئي|خامنئي"),
    ("Vladimir Putin", "فلاديمير بوتين"),
    ("Sergei Lavrov", "سيرغي لافروف|سيرجي لافروف"),
    ("Khaled Bahah", "خالد بحاح"),
    ("Ismail Ould Cheikh Ahmed", "إسماعيل ولد الشيخ أحمد"),
    ("Ahmed Asiri", "أحمد عسيري"),
    ("Mutaib bin Abdullah", "متعب بن عبدالله"),
    ("Faisal bin Salman", "فيصل بن سلمان"),
    ("Turki al-Faisal", "تركي الفيصل"),
    ("Abdullah bin Zayed", "عبدالله بن زايد"),
    ("Mohammed bin Zayed", "محمد بن زايد"),
    ("Sabah al-Ahmad", "صباح الأحمد"),
    ("Abdel Fattah el-Sisi", "عبد الفتاح السيسي|عبدالفتاح السيسي"),
    ("Hassan Nasrallah", "حسن نصر الله|حسن نصرالله"),
    ("Mohammad Javad Zarif", "محمد جواد ظريف"),
    ("Abu Bakr al-Baghdadi", "أبو بكر البغدادي|أبوبكر البغدادي"),
    ("Haider al-Abadi", "حيدر العبادي"),
    ("Nouri al-Maliki", "نوري المالكي"),
    ("Tamim bin Hamad", "تميم بن حمد"),
    ("Adel Fakeih", "عادل فقيه"),
    ("Faisal bin Bandar", "فيصل بن بندر"),
    ("Saud bin Nayef", "سعود بن نايف"),
    ("Staffan de Mistura", "ستيفان دي ميستورا"),
    ("Benjamin Netanyahu", "بنيامين نتنياهو"),
    ("Francois Hollande", "فرانسوا هولاند"),
    ("Donald Trump", "دونالد ترامب"),
    ("Qasem Soleimani", "قاسم سليماني"),
    ("Hamad bin Isa", "حمد بن عيسى"),
    ("Mahmoud Abbas", "محمود عباس"),
    ("Tawfiq al-Rabiah", "توفيق الربيعة"),
    ("Ibrahim al-Assaf", "إبراهيم العساف"),
    ("Ali al-Naimi", "علي النعيمي"),
    ("Khalid al-Falih", "خالد الفالح"),
    ("Abdulaziz bin Abdullah", "عبدالعزيز بن عبدالله"),
    ("Mishaal bin Majed", "مشعل بن ماجد"),
    ("Ahmed Ali Abdullah Saleh", "أحمد علي عبدالله صالح"),
    ("Salman bin Hamad", "سلمان بن حمد"),
    ("Ministry of Defense", "وزارة الدفاع"),
    ("Ministry of Culture and Information", "وزارة الثقافة والإعلام"),
    ("Ministry of Islamic Affairs", "وزارة الشؤون الإسلامية"),
    ("Ministry of Agriculture", "وزارة الزراعة"),
    ("Ministry of Transport", "وزارة النقل"),
    ("Ministry of Social Affairs", "وزارة الشؤون الاجتماعية"),
    ("Ministry of Economy and Planning", "وزارة الاقتصاد والتخطيط"),
    ("Ministry of Water and Electricity", "وزارة المياه والكهرباء"),
    ("Council of Economic and Development Affairs", "مجلس الشؤون الاقتصادية والتنمية"),
    ("Human Rights Commission", "هيئة حقوق الإنسان"),
    ("Red Crescent", "الهلال الأحمر"),
    ("Red Cross", "الصليب الأحمر"),
    ("European Union", "الاتحاد الأوروبي"),
    ("Security Forces", "قوات الأمن"),
    ("Islamic State", "الدولة الإسلامية"),
    ("Muslim Brotherhood", "الإخوان المسلمين|الاخوان المسلمون"),
    ("King Saud University", "جامعة الملك سعود"),
    ("King Abdulaziz University", "جامعة الملك عبدالعزيز"),
    ("Saudi Arabian Monetary Agency", "مؤسسة النقد العربي السعودي"),
    ("Capital Market Authority", "هيئة السوق المالية"),
    ("World Health Organization", "منظمة الصحة العالمية"),
    ("Organization of Islamic Cooperation", "منظمة التعاون الإسلامي"),
    ("Supreme Court", "المحكمة العليا"),
    ("Specialized Criminal Court", "المحكمة الجزائية المتخصصة"),
    ("Chamber of Commerce", "الغرفة التجارية"),
    ("Free Syrian Army", "الجيش السوري الحر"),
    ("Northern Borders", "الحدود الشمالية"),
    ("King Fahd Causeway", "جسر الملك فهد"),
    ("Bab al-Mandab", "باب المندب"),
    ("Red Sea", "البحر الأحمر"),
    ("Arabian Gulf", "الخليج العربي"),
    ("Gaza Strip", "قطاع غزة"),
    ("West Bank", "الضفة الغربية"),
    ("Middle East", "الشرق الأوسط"),
    ("Natural Gas", "الغاز الطبيعي"),
    ("Private Sector", "القطاع الخاص"),
    ("Death Penalty", "عقوبة الإعدام"),
    ("Budget Deficit", "عجز الميزانية"),
    ("Humanitarian Aid", "المساعدات الإنسانية"),
    ("Ballistic Missile", "صاروخ باليستي|الصواريخ الباليستية"),
    ("Climate Change", "التغير المناخي"),
    ("Stock Market", "سوق الأسهم"),
    ("Unemployment Rate", "معدل البطالة"),
    ("Saudi Aramco", "أرامكو السعودية"),
    ("Saudi Airlines", "الخطوط السعودية"),
    ("Al-Madinah Al-Munawwarah", "المدينة المنورة"),
    ("Holy Mecca", "مكة المكرمة"),
    ("Al-Ahsa", "الأحساء"),
    ("Al-Qatif", "القطيف"),
    ("Eid al-Adha", "عيد الأضحى"),
    ("Eid al-Fitr", "عيد الفطر"),
    ("Al-Aqsa Mosque", "المسجد الأقصى"),
    ("Prophet's Mosque", "المسجد النبوي"),
    ("Hajj Season", "موسم الحج"),
    ("Saudi National Team", "المنتخب السعودي"),
    ("Al-Hilal", "الهلال"),
    ("King Abdullah", "الملك عبدالله"),
    ("King Fahd", "الملك فهد"),
    ("Prince Sultan", "الأمير سلطان"),
]
# Held out (issue 19, round 3): written before running any of them, by the kinds the fresh
# spot check found weak (ministries with "and", universities, authorities, "Adj Noun" terms
# that Arabic turns, people with middle names); none in PAIRS, HOLDOUT or FRESH. Dropped
# before measuring anything but the Arabic totals: pairs whose Arabic phrase finds fewer
# than 10 articles (Ministry of Labor and Social Development: 0, Islamic Military Alliance:
# 0, Abdullah al-Mouallimi: 5).
HOLDOUT2 = [
    ("Ministry of Commerce and Industry", "وزارة التجارة والصناعة"),
    ("Ministry of Petroleum and Mineral Resources", "وزارة البترول والثروة المعدنية"),
    ("Ministry of Civil Service", "وزارة الخدمة المدنية"),
    ("Ministry of Communications and Information Technology", "وزارة الاتصالات وتقنية المعلومات"),
    ("Ministry of Higher Education", "وزارة التعليم العالي"),
    ("Ministry of Interior", "وزارة الداخلية"),
    ("Ministry of Foreign Affairs", "وزارة الخارجية"),
    ("Umm Al-Qura University", "جامعة أم القرى"),
    ("King Faisal University", "جامعة الملك فيصل"),
    ("King Khalid University", "جامعة الملك خالد"),
    ("Princess Nourah University", "جامعة الأميرة نورة"),
    ("Islamic University", "الجامعة الإسلامية"),
    ("Food and Drug Authority", "هيئة الغذاء والدواء"),
    ("Investigation and Prosecution Commission", "هيئة التحقيق والادعاء العام"),
    ("Saudi Press Agency", "وكالة الأنباء السعودية"),
    ("Civil Aviation", "الطيران المدني"),
    ("Iranian Regime", "النظام الإيراني"),
    ("Egyptian President", "الرئيس المصري"),
    ("Turkish President", "الرئيس التركي"),
    ("Yemeni President", "الرئيس اليمني"),
    ("Syrian Regime", "النظام السوري"),
    ("Iraqi Army", "الجيش العراقي"),
    ("Yemeni Army", "الجيش اليمني"),
    ("Egyptian Army", "الجيش المصري"),
    ("Turkish Government", "الحكومة التركية"),
    ("Syrian Opposition", "المعارضة السورية"),
    ("Legitimate Government", "الحكومة الشرعية"),
    ("Popular Resistance", "المقاومة الشعبية"),
    ("Arab Countries", "الدول العربية"),
    ("Russian Foreign Minister", "وزير الخارجية الروسي"),
    ("Iranian Nuclear Program", "البرنامج النووي الإيراني"),
    ("Syrian Refugees", "اللاجئين السوريين|اللاجئون السوريون"),
    ("Terrorist Attack", "هجوم إرهابي|الهجوم الإرهابي"),
    ("Riyadh Region", "منطقة الرياض"),
    ("Makkah Region", "منطقة مكة المكرمة"),
    ("Ali Akbar Velayati", "علي أكبر ولايتي"),
    ("Mohammed Ali al-Houthi", "محمد علي الحوثي"),
    ("Mohammed bin Rashid", "محمد بن راشد"),
    ("Abdulaziz bin Saud", "عبدالعزيز بن سعود"),
]
# The lead's fresh spot check (issue 19, round 3), with two labels fixed: داعش is the
# Islamic State as often as الدولة الإسلامية, Netanyahu has two spellings. The rules of
# round 3 were built with these figures in view (HOLDOUT2 is the unseen one).
FRESH = [
    ("Ali Khamenei", "علي خامنئي"),
    ("Vladimir Putin", "فلاديمير بوتين"),
    ("Abdel Fattah el-Sisi", "عبدالفتاح السيسي|عبد الفتاح السيسي"),
    ("Hassan Nasrallah", "حسن نصر الله|حسن نصرالله"),
    ("Khaled Bahah", "خالد بحاح"),
    ("Mohammad Javad Zarif", "محمد جواد ظريف"),
    ("Benjamin Netanyahu", "بنيامين نتنياهو|بنيامين نتانياهو"),
    ("Faisal bin Bandar", "فيصل بن بندر"),
    ("Islamic State", "داعش|الدولة الإسلامية"),
    ("Muslim Brotherhood", "الإخوان المسلمين|الإخوان المسلمون"),
    ("Ministry of Defense", "وزارة الدفاع"),
    ("Ministry of Culture and Information", "وزارة الثقافة والإعلام"),
    ("Saudi Red Crescent", "الهلال الأحمر السعودي"),
    ("King Saud University", "جامعة الملك سعود"),
    ("King Abdulaziz University", "جامعة الملك عبدالعزيز"),
    ("Jazan", "جازان"),
    ("Najran", "نجران"),
    ("Hadramout", "حضرموت"),
    ("Oil Production", "إنتاج النفط"),
    ("Traffic Accidents", "الحوادث المرورية"),
    ("Yemeni Government", "الحكومة اليمنية"),
    ("Ministry of Municipal and Rural Affairs", "وزارة الشؤون البلدية والقروية"),
]
# Held out (issue 19, round 4): written before running any of them and before any rule of
# round 4 was changed, by the kinds of PAIRS (Saudi, Gulf, Yemeni and regional officials of
# 2015, ministries, councils, funds and agencies under their full English names, places,
# multiword news terms); none in the other splits. Hard cases kept: Al-Sheikh (آل), long
# bodies (Virtue and Prevention of Vice, City for Science and Technology), names that are
# common words (Nabil Elaraby: العربي, Tammam Salam: سلام), "Gulf States" (دول الخليج).
# Dropped before measuring anything but the Arabic totals: pairs whose Arabic phrase finds
# fewer than 10 articles (Khalid bin Bandar: 2, Nizar Madani: 4, Sabah al-Khalid: 8, Yousef bin
# Alawi: 5, Abdulmalik al-Mekhlafi: 0, Ali Mohsen al-Ahmar: 1, Saleh al-Sammad: 3, Jaafar Mohammed
# Saad: 7, Ahmed Awad bin Mubarak: 2, Saad Hariri: 9, Mount Arafat: 1, Umm Al-Quwain: 3, Gulf
# Summit: 3).
HOLDOUT3 = [
    # people: Saudi, Gulf, Yemeni and regional officials of 2015
    ("Muqrin bin Abdulaziz", "مقرن بن عبدالعزيز|مقرن بن عبد العزيز"),
    ("Mansour bin Mutaib", "منصور بن متعب"),
    ("Sultan bin Salman", "سلطان بن سلمان"),
    ("Abdulaziz Al-Sheikh", "عبدالعزيز آل الشيخ|عبد العزيز آل الشيخ"),
    ("Adel al-Toraifi", "عادل الطريفي"),
    ("Azzam al-Dakhil", "عزام الدخيل"),
    ("Majid al-Hogail", "ماجد الحقيل"),
    ("Mufrej al-Haqbani", "مفرج الحقباني"),
    ("Bandar Hajjar", "بندر حجار"),
    ("Abdullatif al-Zayani", "عبداللطيف الزياني|عبد اللطيف الزياني"),
    ("Khalid bin Ahmed", "خالد بن أحمد"),
    ("Khalifa bin Zayed", "خليفة بن زايد"),
    ("Sultan Qaboos", "السلطان قابوس"),
    ("Riyadh Yassin", "رياض ياسين"),
    ("Mohammed Abdulsalam", "محمد عبدالسلام|محمد عبد السلام"),
    ("Nabil Elaraby", "نبيل العربي"),
    ("Sameh Shoukry", "سامح شكري"),
    ("Iyad Madani", "إياد مدني"),
    ("Tammam Salam", "تمام سلام"),
    # ministries, councils and bodies
    ("General Presidency of Youth Welfare", "الرئاسة العامة لرعاية الشباب"),
    ("National Anti-Corruption Commission", "هيئة مكافحة الفساد"),
    ("Commission for the Promotion of Virtue and Prevention of Vice", "هيئة الأمر بالمعروف والنهي عن المنكر"),
    ("Saudi Commission for Tourism and National Heritage", "الهيئة العامة للسياحة والتراث الوطني"),
    ("King Abdulaziz City for Science and Technology", "مدينة الملك عبدالعزيز للعلوم والتقنية"),
    ("Saudi Electricity Company", "الشركة السعودية للكهرباء"),
    ("Public Investment Fund", "صندوق الاستثمارات العامة"),
    ("Real Estate Development Fund", "صندوق التنمية العقارية"),
    ("Human Resources Development Fund", "صندوق تنمية الموارد البشرية"),
    ("Council of Political and Security Affairs", "مجلس الشؤون السياسية والأمنية"),
    ("General Authority of Civil Aviation", "الهيئة العامة للطيران المدني"),
    ("Border Guards", "حرس الحدود"),
    ("General Directorate of Passports", "المديرية العامة للجوازات"),
    ("Saudi Red Crescent Authority", "هيئة الهلال الأحمر السعودي"),
    ("Arab Parliament", "البرلمان العربي"),
    ("Amnesty International", "منظمة العفو الدولية"),
    ("Human Rights Watch", "هيومن رايتس ووتش"),
    ("Kuwait News Agency", "وكالة الأنباء الكويتية"),
    ("Emirates News Agency", "وكالة أنباء الإمارات"),
    # places
    ("Hafr Al-Batin", "حفر الباطن"),
    ("Khamis Mushait", "خميس مشيط"),
    ("Al-Kharj", "الخرج"),
    ("Yanbu", "ينبع"),
    ("Al-Jouf", "الجوف"),
    ("Sa'dah", "صعدة"),
    ("Mukalla", "المكلا"),
    ("Ras Tanura", "رأس تنورة"),
    ("King Khalid International Airport", "مطار الملك خالد الدولي"),
    # multiword news terms
    ("Armed Forces", "القوات المسلحة"),
    ("Air Force", "القوات الجوية"),
    ("Arab Summit", "القمة العربية"),
    ("Press Conference", "مؤتمر صحفي|المؤتمر الصحفي"),
    ("International Community", "المجتمع الدولي"),
    ("Political Solution", "الحل السياسي"),
    ("Civil Society", "المجتمع المدني"),
    ("Public Opinion", "الرأي العام"),
    ("Natural Resources", "الموارد الطبيعية"),
    ("Gulf States", "دول الخليج"),
    ("Member States", "الدول الأعضاء"),
    ("Health Insurance", "التأمين الصحي"),
    ("Domestic Workers", "العمالة المنزلية"),
    ("Women Driving", "قيادة المرأة"),
    ("Crude Oil", "النفط الخام"),
    ("Terrorist Cell", "خلية إرهابية|الخلية الإرهابية"),
    ("Traffic Violations", "المخالفات المرورية"),
    ("Peace Talks", "محادثات السلام"),
    ("National Dialogue", "الحوار الوطني"),
]
# Held out (issue 19, round 4, the second): written after round 4's rules were set, by the same
# kinds (Gulf governors and ministers, Yemeni, Lebanese, Libyan, Palestinian politicians,
# bodies, funds, agencies, armed bodies, places, multiword news terms; hard: King Abdullah II,
# Rached Ghannouchi, Private Schools: المدارس الأهلية), none in the other splits, measured once
# before a last pass of rules (HOLDOUT5) (HOLDOUT3 was in view while the news
# senses and the gazetteer were written). Dropped before measuring anything but the Arabic
# totals: pairs whose Arabic phrase finds fewer than 10 articles (Khalid al-Arj: 7, Fahad
# al-Mubarak: 7, Abdulaziz bin Habtoor: 0, Hamid al-Ahmar: 0, Abdulkarim al-Eryani: 0, Nawaf
# al-Ahmad: 2, Jaber al-Mubarak: 0, Khalid al-Jarallah: 2, Nabih Berri: 9, Walid Jumblatt: 7,
# Mevlut Cavusoglu: 6, Fayez al-Sarraj: 0, Ismail Haniyeh: 3, General Intelligence Presidency:
# 1, Arms Deal: 5, Minimum Wage: 4).
HOLDOUT4 = [
    # people
    ("Faisal bin Mishaal", "فيصل بن مشعل"),
    ("Saud bin Abdulmohsen", "سعود بن عبدالمحسن|سعود بن عبد المحسن"),
    ("Fahd bin Sultan", "فهد بن سلطان"),
    ("Mishari bin Saud", "مشاري بن سعود"),
    ("Mohammed bin Nasser", "محمد بن ناصر"),
    ("Faisal bin Khalid", "فيصل بن خالد"),
    ("Mohammed al-Issa", "محمد العيسى"),
    ("Waleed al-Samaani", "وليد الصمعاني"),
    ("Suleiman al-Hamdan", "سليمان الحمدان"),
    ("Anwar Gargash", "أنور قرقاش"),
    ("Khalid al-Attiyah", "خالد العطية"),
    ("Michel Aoun", "ميشال عون"),
    ("Ali Larijani", "علي لاريجاني"),
    ("Khalifa Haftar", "خليفة حفتر"),
    ("Rached Ghannouchi", "راشد الغنوشي"),
    ("Khaled Meshaal", "خالد مشعل"),
    ("Saeb Erekat", "صائب عريقات"),
    ("King Abdullah II", "الملك عبدالله الثاني|الملك عبد الله الثاني"),
    ("King Mohammed VI", "الملك محمد السادس"),
    # bodies
    ("National Society for Human Rights", "الجمعية الوطنية لحقوق الإنسان"),
    ("Saudi Geological Survey", "هيئة المساحة الجيولوجية"),
    ("King Abdullah Economic City", "مدينة الملك عبدالله الاقتصادية"),
    ("King Fahd Medical City", "مدينة الملك فهد الطبية"),
    ("King Faisal Specialist Hospital", "مستشفى الملك فيصل التخصصي"),
    ("Riyadh Chamber of Commerce", "غرفة الرياض"),
    ("Saudi Football Federation", "الاتحاد السعودي لكرة القدم"),
    ("International Monetary Fund", "صندوق النقد الدولي"),
    ("World Bank", "البنك الدولي"),
    ("International Energy Agency", "وكالة الطاقة الدولية"),
    ("International Atomic Energy Agency", "الوكالة الدولية للطاقة الذرية"),
    ("Houthi Militias", "ميليشيات الحوثي|ميليشيا الحوثي"),
    ("Revolutionary Guard", "الحرس الثوري"),
    ("Quds Force", "فيلق القدس"),
    ("Popular Committees", "اللجان الشعبية"),
    ("Republican Guard", "الحرس الجمهوري"),
    # places
    ("Al-Hasakah", "الحسكة"),
    ("Zabadani", "الزبداني"),
    ("Sirte", "سرت"),
    ("Baiji", "بيجي"),
    ("Sharm el-Sheikh", "شرم الشيخ"),
    # terms
    ("Oil Market", "سوق النفط"),
    ("Oil Exports", "صادرات النفط"),
    ("Chemical Weapons", "الأسلحة الكيماوية|الأسلحة الكيميائية"),
    ("Ground Forces", "القوات البرية"),
    ("Naval Forces", "القوات البحرية"),
    ("Royal Decree", "أمر ملكي|الأمر الملكي"),
    ("Explosive Belt", "حزام ناسف"),
    ("Arab Spring", "الربيع العربي"),
    ("Foreign Investment", "الاستثمار الأجنبي"),
    ("Government Spending", "الإنفاق الحكومي"),
    ("Housing Units", "الوحدات السكنية"),
    ("Labor Market", "سوق العمل"),
    ("Private Schools", "المدارس الأهلية"),
    ("Military Operations", "العمليات العسكرية"),
    ("Humanitarian Truce", "الهدنة الإنسانية"),
    ("Political Process", "العملية السياسية"),
    ("Security Situation", "الوضع الأمني"),
    ("Economic Growth", "النمو الاقتصادي"),
    ("National Unity", "الوحدة الوطنية"),
    ("Sectarian Strife", "الفتنة الطائفية"),
]
# Held out (issue 19, round 4, the third): HOLDOUT4's misses were in view for a last pass (more
# news senses, a transliteration never crowding out a word's translations, none the table gives
# another word), so this split was written after that pass, by the same kinds (the sons of King
# Abdulaziz, Gulf princes, imams, Iraqi, Syrian and Western politicians, bodies named with for,
# Saudi towns outside the gazetteer, multiword news terms; hard: Deputy Crown Prince ولي ولي
# العهد, Two-State Solution, Death Toll حصيلة القتلى, Women's Rights), none in the other splits,
# measured once with no rule changed after: the unseen figure of round 4. Dropped before
# measuring anything but the Arabic totals: pairs whose Arabic phrase finds fewer than 10
# articles (Abdullah al-Mutlaq: 2, Yahya Saleh: 0, Ahmed bin Dagher: 3, Jamal Benomar: 4,
# Ibrahim al-Jaafari: 9, Riyad Hijab: 0, Abu Mohammed al-Julani: 8, Ammar al-Hakim: 7, Water
# Shortage: 8, Youth Unemployment: 8).
HOLDOUT5 = [
    # people
    ("Turki bin Abdullah", "تركي بن عبدالله"),
    ("Hamdan bin Mohammed", "حمدان بن محمد"),
    ("Saif bin Zayed", "سيف بن زايد"),
    ("Abdullah bin Abdulaziz", "عبدالله بن عبدالعزيز"),
    ("Salman bin Abdulaziz", "سلمان بن عبدالعزيز"),
    ("Nayef bin Abdulaziz", "نايف بن عبدالعزيز"),
    ("Sultan bin Abdulaziz", "سلطان بن عبدالعزيز"),
    ("Ahmed bin Abdulaziz", "أحمد بن عبدالعزيز"),
    ("Mohammed bin Fahd", "محمد بن فهد"),
    ("Mohammed Al-Sheikh", "محمد آل الشيخ"),
    ("Saleh Al-Sheikh", "صالح آل الشيخ"),
    ("Abdulrahman al-Sudais", "عبدالرحمن السديس|عبد الرحمن السديس"),
    ("Saud al-Shuraim", "سعود الشريم"),
    ("Fuad Masum", "فؤاد معصوم"),
    ("Walid al-Moallem", "وليد المعلم"),
    ("Khaled Khoja", "خالد خوجة"),
    ("Ashton Carter", "آشتون كارتر|أشتون كارتر"),
    ("Angela Merkel", "أنجيلا ميركل"),
    ("David Cameron", "ديفيد كاميرون"),
    ("Hillary Clinton", "هيلاري كلينتون"),
    ("Mohamed Morsi", "محمد مرسي"),
    ("Hosni Mubarak", "حسني مبارك"),
    # bodies
    ("Muslim World League", "رابطة العالم الإسلامي"),
    ("General Organization for Social Insurance", "المؤسسة العامة للتأمينات الاجتماعية"),
    ("Human Rights Council", "مجلس حقوق الإنسان"),
    ("International Criminal Court", "المحكمة الجنائية الدولية"),
    ("King Abdulaziz Center for National Dialogue", "مركز الملك عبدالعزيز للحوار الوطني"),
    ("King Salman Center for Relief", "مركز الملك سلمان للإغاثة"),
    ("General Investment Authority", "الهيئة العامة للاستثمار"),
    ("Public Security", "الأمن العام"),
    ("General Directorate of Prisons", "المديرية العامة للسجون"),
    ("Special Security Forces", "قوات الأمن الخاصة"),
    ("Emergency Forces", "قوات الطوارئ"),
    ("Jeddah Municipality", "أمانة جدة"),
    # places
    ("Umluj", "أملج"),
    ("Al-Namas", "النماص"),
    ("Samtah", "صامطة"),
    ("Abu Arish", "أبو عريش"),
    ("Sabya", "صبيا"),
    ("Al-Rass", "الرس"),
    ("Dawadmi", "الدوادمي"),
    ("Hofuf", "الهفوف"),
    ("Al-Mubarraz", "المبرز"),
    ("Awamiya", "العوامية"),
    # terms
    ("Deputy Crown Prince", "ولي ولي العهد"),
    ("Security Spokesman", "المتحدث الأمني"),
    ("Oil Revenues", "إيرادات النفط|الإيرادات النفطية"),
    ("Fuel Subsidies", "دعم الوقود"),
    ("Heavy Rains", "أمطار غزيرة|الأمطار الغزيرة"),
    ("Drug Smuggling", "تهريب المخدرات"),
    ("Human Trafficking", "الاتجار بالبشر"),
    ("Money Laundering", "غسل الأموال"),
    ("Air Defense", "الدفاع الجوي"),
    ("Peace Process", "عملية السلام"),
    ("Two-State Solution", "حل الدولتين"),
    ("Refugee Camps", "مخيمات اللاجئين"),
    ("Death Toll", "حصيلة القتلى"),
    ("Foreign Fighters", "المقاتلين الأجانب"),
    ("Shiite Militias", "الميليشيات الشيعية"),
    ("Oil Fields", "حقول النفط"),
    ("Women's Rights", "حقوق المرأة"),
    ("Domestic Violence", "العنف الأسري"),
]
# Held out (issue 19, session 8): written on 2026-12-07 before running any of them, with no
# English query of them ever searched before it was committed, by the kinds of the other splits
# (Saudi princes, ministers, spokesmen and clerics, Gulf, Iraqi, Turkish, Iranian, Western
# figures, a council, courts, bureaus, a corporation, companies and banks, armed groups, a club
# and its competitions, Saudi and regional places, a railway, multiword economic, security and
# social terms); none in the other splits. Hard cases kept: names that are words or share a
# surname with another pair's (Mansour al-Turki: التركي "the Turkish", Salman al-Ouda: العودة
# "the return", Ahmed al-Tayeb, Abdullah al-Rabeeah and Tawfiq al-Rabiah), names Arabic splits
# (Davutoglu: داود أوغلو, Amir-Abdollahian), Abdul-/Al- forms, a possessive (King's Cup, Kurdistan
# Workers' Party), one-word English that Arabic writes in words (Hezbollah, Ceasefire,
# Saudization, Cybercrime), terms whose words mislead (Sleeper Cells, Lone Wolves, White Land
# Tax, Restoring Hope, Social Security). Places that are words: Al-Khobar (الخبر, "the news"),
# Al-Wajh (الوجه, "the face"); Arabic phrases the index stems with another word, so their
# Arabic totals count both: السعودة with السعودية (8951), الطائف with الطائفية, الحديدة with
# الحديد. The corpus runs 2015-07-21 to 2015-08-11, before the Hajj. Dropped before measuring
# anything but the Arabic totals: pairs whose Arabic phrase finds fewer than 10 articles
# (Abdullah bin Bandar: 0, Ahmed bin Fahd: 9, Ahmed al-Eissa: 8, Saleh bin Humaid: 8, Nimr
# al-Nimr: 0, Muqtada al-Sadr: 5, Rami Hamdallah: 8, Abu Mahdi al-Muhandis: 2, Jamal Khashoggi:
# 7, Allegiance Council: 1, Islamic Development Bank: 6, Jamarat Bridge: 1, Mina Stampede: 0,
# Day of Arafah: 2, Child Marriage: 4).
HOLDOUT6 = [
    # people
    ("Abdulaziz bin Salman", "عبدالعزيز بن سلمان|عبد العزيز بن سلمان"),
    ("Mishaal bin Abdullah", "مشعل بن عبدالله|مشعل بن عبد الله"),
    ("Al-Waleed bin Talal", "الوليد بن طلال"),
    ("Bandar bin Sultan", "بندر بن سلطان"),
    ("Abdullah al-Rabeeah", "عبدالله الربيعة|عبد الله الربيعة"),
    ("Mansour al-Turki", "منصور التركي"),
    ("Salman al-Ouda", "سلمان العودة"),
    ("Ahmed al-Tayeb", "أحمد الطيب"),
    ("Ali al-Sistani", "علي السيستاني"),
    ("Khalifa bin Salman", "خليفة بن سلمان"),
    ("Mahmoud al-Subaihi", "محمود الصبيحي"),
    ("Massoud Barzani", "مسعود بارزاني|مسعود البارزاني"),
    ("Ahmet Davutoglu", "أحمد داود أوغلو|أحمد داوود أوغلو"),
    ("Hossein Amir-Abdollahian", "حسين أمير عبداللهيان|حسين أمير عبد اللهيان"),
    ("Pope Francis", "البابا فرنسيس|البابا فرانسيس"),
    # ministries, councils, courts, agencies, companies
    ("Ministry of National Guard", "وزارة الحرس الوطني"),
    ("General Presidency of Meteorology and Environmental Protection", "الرئاسة العامة للأرصاد وحماية البيئة"),
    ("Board of Grievances", "ديوان المظالم"),
    ("General Auditing Bureau", "ديوان المراقبة العامة"),
    ("Supreme Judicial Council", "المجلس الأعلى للقضاء"),
    ("Technical and Vocational Training Corporation", "المؤسسة العامة للتدريب التقني والمهني"),
    ("SABIC", "سابك"),
    ("Saudi Telecom Company", "شركة الاتصالات السعودية"),
    ("Al Rajhi Bank", "مصرف الراجحي|بنك الراجحي"),
    ("OPEC", "أوبك"),
    ("G20", "مجموعة العشرين"),
    # armed groups
    ("Hezbollah", "حزب الله"),
    ("Al-Nusra Front", "جبهة النصرة"),
    ("Ansar Allah", "أنصار الله"),
    ("Popular Mobilization Forces", "الحشد الشعبي"),
    ("Kurdistan Workers' Party", "حزب العمال الكردستاني"),
    ("Al-Qaeda in the Arabian Peninsula", "القاعدة في جزيرة العرب"),
    # sport
    ("Al-Nassr Club", "نادي النصر"),
    ("King's Cup", "كأس الملك"),
    ("Abdul Latif Jameel League", "دوري عبداللطيف جميل|دوري عبد اللطيف جميل"),
    # places
    ("Dammam", "الدمام"),
    ("Al-Khobar", "الخبر"),
    ("Taif", "الطائف"),
    ("Tabuk", "تبوك"),
    ("Jubail", "الجبيل"),
    ("Al-Wajh", "الوجه"),
    ("Wadi al-Dawasir", "وادي الدواسر"),
    ("Aden", "عدن"),
    ("Al-Hudaydah", "الحديدة"),
    ("Aleppo", "حلب"),
    ("Palmyra", "تدمر"),
    ("Ramadi", "الرمادي"),
    ("Haramain Railway", "قطار الحرمين"),
    # an operation, a title
    ("Restoring Hope", "إعادة الأمل"),
    ("Custodian of the Two Holy Mosques", "خادم الحرمين الشريفين"),
    # multiword news terms
    ("Value Added Tax", "ضريبة القيمة المضافة"),
    ("White Land Tax", "رسوم الأراضي البيضاء"),
    ("Real Estate Market", "السوق العقارية|السوق العقاري"),
    ("Gross Domestic Product", "الناتج المحلي الإجمالي"),
    ("Saudization", "السعودة"),
    ("Expatriate Workers", "العمالة الوافدة"),
    ("Suicide Bombing", "تفجير انتحاري|التفجير الانتحاري"),
    ("Car Bomb", "سيارة مفخخة"),
    ("Cybercrime", "الجرائم المعلوماتية"),
    ("Sleeper Cells", "الخلايا النائمة"),
    ("Lone Wolves", "الذئاب المنفردة"),
    ("No-Fly Zone", "منطقة حظر الطيران|منطقة حظر جوي"),
    ("Ceasefire", "وقف إطلاق النار"),
    ("Social Security", "الضمان الاجتماعي"),
    ("Social Media", "مواقع التواصل الاجتماعي|وسائل التواصل الاجتماعي"),
    ("Dengue Fever", "حمى الضنك"),
    ("Scholarship Program", "برنامج الابتعاث|برنامج خادم الحرمين الشريفين للابتعاث"),
]
# Held out (issue 19, session 8, the second): written on 2026-12-07 before running any of them,
# with no English query of them ever searched before it was committed and no translation table
# opened, by the kinds of the other splits (Saudi princes, governors, ministers, imams and
# clerics, a football official, Iraqi, Yemeni and Western figures, jihadist leaders, US and
# Saudi bodies, courts, councils, agencies, banks, clubs and competitions, armed groups, Saudi
# and regional places, an operation, festivals, multiword economic, security, health, education,
# weather and religious terms); none in the other splits (checked on both sides). Hard cases
# kept: names that are words (Ahmed Eid: عيد "feast", Mullah Omar: a title, Samba, Hail: حائل
# "obstacle"), an Abu name (Abu Musab al-Zarqawi), Al-/Abdul- forms, "bin" outside a royal name
# (Osama bin Laden), an apostrophe (Sana'a), "X Bank"/"X Club" that Arabic heads first and whose
# words mislead (National Commercial Bank: البنك الأهلي, Riyad Bank, Al-Ahli Club beside it,
# Al-Shabab Club beside Al-Shabaab: حركة الشباب), a hyphenated agency (Agence France-Presse), an
# acronym (MERS: كورونا), a place with two names (Kobani: عين العرب), one-word English that
# Arabic writes in words (Mortgage, Drones, Kindergarten: رياض الأطفال), terms whose words
# mislead (White House, State Department: الخارجية الأمريكية, House of Representatives, Deviant
# Group: الفئة الضالة, Golden Arrow, Heat Stroke: ضربات الشمس). Arabic totals measured only as
# quoted(arabic), translate=off, on /tmp/s8/w31k. Dropped before measuring anything else:
# pairs whose Arabic phrase finds fewer than 10 articles (Fahd bin Badr: 4, Talal bin Abdulaziz:
# 5, Amin Nasser: 0, Maher al-Muaiqly: 1, Saleh Al-Talib: 8, Aidh al-Qarni: 7, Hamad bin
# Khalifa: 1, Adel Abdul-Mahdi: 0, Stephen O'Brien: 7, Saudi Binladin Group: 3), and pairs whose
# Arabic total counts another word through stemming in >= 5% of its articles (articles matched
# only through that word, found by rerunning the analyzer's stems over the raw text): Pentagon
# 266 (196 only نتاج "output", from البنتاجون), Almarai 395 (372 مراعاة "observance"), Taliban
# 2190 (2036 طالب "student"), Al-Majmaah 670 (567 مجمع "complex"), Asir 1912 (268 the surname
# عسيري), Taiz 409 (54 تعزية "condolence"), Abha 826 (68 أبهى "finer"), Mobily 242 (18 موبايل
# "mobile"), Riyadh Municipality 157 (13 الأمانة للرياضة "sport"), Intellectual Security 58 (16
# الأمنية والفكرية). Kept below 5%, flagged: Hail (17 of 376 only حائلاً "obstacle"), Al-Baha (27
# of 735 only باحات "courtyards"), Qassim (11 of 517 only the surname القصيمي), State Department
# (6 of 339 only خارج أمريكا "outside America").
HOLDOUT7 = [
    # people
    ("Jalawi bin Abdulaziz", "جلوي بن عبدالعزيز|جلوي بن عبد العزيز"),
    ("Faisal bin Turki", "فيصل بن تركي"),
    ("Abdullah al-Hussayen", "عبدالله الحصين|عبد الله الحصين"),
    ("Abdullatif Al-Sheikh", "عبداللطيف آل الشيخ|عبد اللطيف آل الشيخ"),
    ("Majid al-Qasabi", "ماجد القصبي"),
    ("Ahmed Eid", "أحمد عيد"),
    ("Nayef al-Bakri", "نايف البكري"),
    ("Salim al-Jabouri", "سليم الجبوري"),
    ("Federica Mogherini", "فيديريكا موغيريني|فيدريكا موغيريني"),
    ("Ayman al-Zawahiri", "أيمن الظواهري"),
    ("Mullah Omar", "الملا عمر"),
    ("Osama bin Laden", "أسامة بن لادن"),
    ("Abu Musab al-Zarqawi", "أبو مصعب الزرقاوي|أبومصعب الزرقاوي"),
    # bodies
    ("White House", "البيت الأبيض"),
    ("State Department", "الخارجية الأمريكية|الخارجية الأميركية"),
    ("Ministry of Endowments", "وزارة الأوقاف"),
    ("Saudi Commission for Health Specialties", "الهيئة السعودية للتخصصات الصحية"),
    ("Central Department of Statistics", "مصلحة الإحصاءات العامة"),
    ("Department of Zakat and Income", "مصلحة الزكاة والدخل"),
    ("General Department of Traffic", "الإدارة العامة للمرور"),
    ("Court of Appeal", "محكمة الاستئناف"),
    ("Municipal Council", "المجلس البلدي|المجالس البلدية"),
    ("House of Representatives", "مجلس النواب"),
    ("Agence France-Presse", "وكالة الصحافة الفرنسية|وكالة الأنباء الفرنسية"),
    # companies and banks
    ("National Commercial Bank", "البنك الأهلي"),
    ("Riyad Bank", "بنك الرياض"),
    ("Samba", "سامبا"),
    # sport
    ("Al-Ittihad Club", "نادي الاتحاد"),
    ("Al-Ahli Club", "النادي الأهلي|نادي الأهلي"),
    ("Al-Shabab Club", "نادي الشباب"),
    ("Asian Champions League", "دوري أبطال آسيا"),
    ("Crown Prince Cup", "كأس ولي العهد"),
    ("Saudi Super Cup", "كأس السوبر السعودي|السوبر السعودي"),
    # armed groups
    ("Boko Haram", "بوكو حرام"),
    ("Ahrar al-Sham", "أحرار الشام"),
    ("Southern Movement", "الحراك الجنوبي"),
    ("Al-Shabaab", "حركة الشباب"),
    # places
    ("Hail", "حائل"),
    ("Al-Baha", "الباحة"),
    ("Al-Qunfudhah", "القنفذة"),
    ("Qassim", "القصيم"),
    ("Sana'a", "صنعاء"),
    ("Kobani", "عين العرب|كوباني"),
    # events, operations
    ("Golden Arrow", "السهم الذهبي"),
    ("Souq Okaz", "سوق عكاظ"),
    ("Imam Sadiq Mosque", "مسجد الإمام الصادق"),
    ("National Day", "اليوم الوطني"),
    # multiword news terms
    ("Inflation Rate", "معدل التضخم"),
    ("Small and Medium Enterprises", "المنشآت الصغيرة والمتوسطة|المشاريع الصغيرة والمتوسطة|المشروعات الصغيرة والمتوسطة"),
    ("Mortgage", "الرهن العقاري"),
    ("Weapons of Mass Destruction", "أسلحة الدمار الشامل"),
    ("Drones", "طائرات بدون طيار|طائرات دون طيار"),
    ("Deviant Group", "الفئة الضالة"),
    ("Residency Violators", "مخالفي نظام الإقامة|مخالفي أنظمة الإقامة"),
    ("MERS", "كورونا"),
    ("Heat Stroke", "ضربات الشمس|ضربة الشمس"),
    ("Kindergarten", "رياض الأطفال"),
    ("Dust Storm", "عاصفة ترابية|عواصف ترابية"),
    ("Friday Sermon", "خطبة الجمعة"),
    ("Zakat al-Fitr", "زكاة الفطر"),
]
# Held out (issue 19, session 9): written on 2026-12-07 before running any of them, with no
# English query of them searched and no translation table opened before it was committed, from
# names and terms read in the raw JSON of the corpus (2015-07-21 to 2015-08-11): people
# (European, Egyptian, Sudanese, Tunisian, Asian, US and Russian figures, FIFA's candidates,
# Saudi ministers, officials and a spokesman, the Taliban's new leader, footballers), places and
# bodies whose letters are words or other words' stems, multiword news terms; none in the other
# splits (checked on both sides). Each Arabic phrase is written as the articles write it and
# counted over the raw texts (title and body, normalised as the index does, the first word with
# و ف ب ك ل attached). Hard cases kept: a Jordanian prince named as the Imam Zain al-Abidin is
# (Ali bin Al Hussein), a surname shared with four other pairs (Abdullah Al-Sheikh), Chinese and
# Japanese names Arabic splits three ways (Xi Jinping), English first names Arabic spells two
# ways (Sepp/جوزيف Blatter, ميشال/ميشيل Platini), places that are words or stems: Buraidah (بريد
# "mail"), Al-Qurayyat (قرية "village"), Marib (مآرب "aims"), Abyan, Al-Dhale (ضالع
# "implicated"), clubs and banks whose names are words (Al-Ettifaq: "agreement", Alinma:
# "development", Real Madrid: ريال "riyal"), Saudi Post (البريد). The quoted phrase counts by
# stem and disagrees with the raw count where the stem is another word's (stem / raw articles):
# Buraidah 746/275, Al-Qurayyat 1694/81, Bisha 229/90, Al-Azhar 79/55 (الأزهري), FIFA 479/292,
# Nuclear Weapons 237/152, Presidential Elections 203/119, Summer Vacation 179/85, Human Shields
# 31/17; exact: agrees with the raw count within 10% but for two: Frank-Walter Steinmeier
# (34/29: the raw count missed فرانك-فالتر, exact: is right) and Ali bin Al Hussein (exact: 97,
# stem 170, raw 38: exact: drops علي as the stopword على and counts "عبدالله الثاني بن الحسين"
# and "محمد بن الحسين"; the reference's right count is 38). Dropped before measuring
# anything but the Arabic totals: pairs whose Arabic phrase finds fewer than 10 articles
# (Hoshyar Zebari: 0, Abdullah al-Muqbel: 8, Abdulrahman al-Fadhli: 8, Mohammed al-Suwaiyel: 3,
# Saleh al-Fawzan: 4, Abdullah al-Manea: 2, Salman bin Ibrahim: 9, John Allen: 3, Khalid
# al-Muhaisen: 1, Suleiman al-Amr: 0, UNICEF: 1, Saudi Fund for Development: 6, Cluster Bombs:
# 0, Mass Graves: 4, Umrah Visas: 4), and pairs whose raw count holds another word in >= 5% of
# its articles: Hamas (51 of 222 only بحماس "with enthusiasm"), Ma'aden (45 of 73 "metals"),
# Tadawul (تداول "trading"), Lahj (لحج "for the Hajj"), Daraa (12 of 95 درعاً "a shield").
HOLDOUT8 = [
    # people
    ("Laurent Fabius", "لوران فابيوس"),
    ("Alexis Tsipras", "أليكسيس تسيبراس|ألكسيس تسيبراس"),
    ("Ibrahim Mahlab", "إبراهيم محلب"),
    ("Sepp Blatter", "جوزيف بلاتر|سيب بلاتر"),
    ("Michel Platini", "ميشال بلاتيني|ميشيل بلاتيني"),
    ("Mikhail Bogdanov", "ميخائيل بوغدانوف"),
    ("Philip Hammond", "فيليب هاموند"),
    ("Frank-Walter Steinmeier", "فرانك فالتر شتاينماير"),
    ("Nawaz Sharif", "نواز شريف"),
    ("Omar al-Bashir", "عمر البشير|عمر حسن البشير"),
    ("Beji Caid Essebsi", "الباجي قائد السبسي|الباجي قايد السبسي"),
    ("Xi Jinping", "شي جين بينغ|شي جينبينغ|شي جين بينج"),
    ("Shinzo Abe", "شينزو آبي"),
    ("Nasser Judeh", "ناصر جودة"),
    ("Musaed al-Aiban", "مساعد العيبان"),
    ("Abdullah bin Musaed", "عبدالله بن مساعد|عبد الله بن مساعد"),
    ("Ali bin Al Hussein", "علي بن الحسين"),
    ("Akhtar Mansour", "أختر منصور|أختر محمد منصور"),
    ("Hisham Barakat", "هشام بركات"),
    ("Martin Dempsey", "مارتن ديمبسي"),
    ("Cristiano Ronaldo", "كريستيانو رونالدو"),
    ("Lionel Messi", "ليونيل ميسي"),
    ("Khalid Marghalani", "خالد مرغلاني"),
    ("Abdullah Al-Sheikh", "عبدالله آل الشيخ|عبد الله آل الشيخ"),
    ("Jeb Bush", "جيب بوش"),
    # places
    ("Buraidah", "بريدة"),
    ("Unaizah", "عنيزة"),
    ("Al-Qurayyat", "القريات"),
    ("Bisha", "بيشة"),
    ("Marib", "مأرب"),
    ("Abyan", "أبين"),
    ("Al-Dhale", "الضالع"),
    ("Suez Canal", "قناة السويس"),
    # bodies, a bank, clubs
    ("Alinma Bank", "مصرف الإنماء|بنك الإنماء"),
    ("Al-Ettifaq Club", "نادي الاتفاق"),
    ("FIFA", "الفيفا|الاتحاد الدولي لكرة القدم"),
    ("NATO", "الناتو|حلف شمال الأطلسي|حلف الأطلسي"),
    ("Al-Azhar", "الأزهر"),
    ("Real Madrid", "ريال مدريد"),
    ("Saudi Post", "البريد السعودي"),
    # terms
    ("Economic Sanctions", "العقوبات الاقتصادية"),
    ("Nuclear Weapons", "الأسلحة النووية|السلاح النووي"),
    ("Enriched Uranium", "اليورانيوم المخصب"),
    ("Air Strikes", "الغارات الجوية|غارات جوية"),
    ("Human Shields", "دروع بشرية|الدروع البشرية"),
    ("Presidential Elections", "الانتخابات الرئاسية"),
    ("Interest Rates", "أسعار الفائدة|سعر الفائدة"),
    ("Renewable Energy", "الطاقة المتجددة"),
    ("Food Security", "الأمن الغذائي"),
    ("Power Outage", "انقطاع الكهرباء|انقطاع التيار الكهربائي"),
    ("Public Transport", "النقل العام"),
    ("Summer Vacation", "الإجازة الصيفية|العطلة الصيفية"),
    ("School Year", "العام الدراسي"),
    ("Heat Wave", "موجة حر|موجة الحر|موجة حارة"),
    ("Blood Donation", "التبرع بالدم"),
    ("Terrorism Financing", "تمويل الإرهاب"),
    ("Extremist Ideology", "الفكر المتطرف"),
    ("Illegal Immigrants", "المهاجرين غير الشرعيين|المهاجرون غير الشرعيين"),
    ("Smart Phones", "الهواتف الذكية|الهاتف الذكي"),
    ("Holy Sites", "المشاعر المقدسة"),
]
SPLITS = {"dev": PAIRS, "holdout": HOLDOUT, "holdout2": HOLDOUT2, "fresh": FRESH,
          "holdout3": HOLDOUT3, "holdout4": HOLDOUT4, "holdout5": HOLDOUT5,
          "holdout6": HOLDOUT6, "holdout7": HOLDOUT7, "holdout8": HOLDOUT8}
LOW, HIGH = 0.67, 1.5
TOP = 10


def quoted(arabic: str, field: str = "") -> str:
    """The Arabic phrase (or its spellings, |-separated) as a query: "a" OR "b" (by stem), or
    with field "exact:" as written (exact:"a" OR exact:"b")."""
    return " OR ".join(f'{field}"{p}"' for p in arabic.split("|"))


def holds(searcher, doc_id: str, arabic: str) -> bool:
    q = f'id:"{doc_id}" AND ({quoted(arabic)})'
    return searcher.search(q, size=0, facets=(), suggest=False, translate="off").total > 0


def measure(searcher, pairs=PAIRS) -> list[dict]:
    rows = []
    for english, arabic in pairs:
        res = searcher.search(english, size=TOP, facets=(), snippets=False)
        ar = searcher.search(quoted(arabic), size=0, facets=(), suggest=False, translate="off").total
        written = searcher.search(quoted(arabic, "exact:"), size=0, facets=(), suggest=False,
                                  translate="off").total
        inside = sum(holds(searcher, h.id, arabic) for h in res.hits)
        shown = "; ".join(f"{t.source}→{'،'.join(t.terms)}" for t in res.translations)
        rows.append({"english": english, "arabic": arabic, "en_total": res.total, "ar_total": ar,
                     "ratio": res.total / ar if ar else float("inf") if res.total else 1.0,
                     "written": written,
                     # a name's translation is held as written: its reference is exact:
                     "as_name": bool(res.translations) and all(t.written == t.terms for t in res.translations),
                     "ratio_written": res.total / written if written else float("inf") if res.total else 1.0,
                     "top": inside, "hits": len(res.hits), "shown": shown})
    return rows


def latency(searcher, pairs=PAIRS, passes: int = 3) -> list[float]:
    for english, _ in pairs:          # warm: dictionaries, name matching, postings
        searcher.search(english)
    times = []
    for _ in range(passes):
        for english, _ in pairs:
            t = time.perf_counter()
            searcher.search(english)
            times.append((time.perf_counter() - t) * 1000)
    return times


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="whoosh", choices=("whoosh", "opensearch"))
    ap.add_argument("--index", default="/tmp/idx31k-ent")
    ap.add_argument("--split", default="dev,holdout", help="dev (PAIRS), holdout (HOLDOUT), holdout2, fresh, holdout3, holdout4, holdout5, holdout6, holdout7, holdout8: comma-separated")
    ap.add_argument("--no-latency", action="store_true")
    args = ap.parse_args(argv)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    searcher = open_searcher(args.engine, args.index)
    for split in args.split.split(","):
        if split not in SPLITS:
            ap.error(f"unknown split {split!r}: {', '.join(SPLITS)}")
        report(searcher, args, split, SPLITS[split])
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


def report(searcher, args, split: str, pairs) -> None:
    rows = measure(searcher, pairs)
    print(f"\n-- {split} ({len(pairs)} pairs)")
    print(f"{'english':28} {'en':>6} {'ar phrase':>9} {'ratio':>6} {'exact:':>6} {'ratio':>6} {'top10':>5}  translations")
    for r in rows:
        print(f"{r['english']:28} {r['en_total']:6} {r['ar_total']:9} {r['ratio']:6.2f} {r['written']:6} "
              f"{r['ratio_written']:6.2f} {r['top']:>2}/{r['hits']:<2}  {r['shown']}")
    found = [r for r in rows if r["ar_total"]]
    within = sum(LOW <= r["ratio"] <= HIGH for r in found)
    as_written = sum(LOW <= r["ratio_written"] <= HIGH for r in found)
    by_kind = sum(LOW <= r["ratio_written" if r["as_name"] else "ratio"] <= HIGH for r in found)
    names = sum(r["as_name"] for r in found)
    zero = [r["english"] for r in found if r["en_total"] == 0]
    top_ok = sum(r["hits"] > 0 and r["top"] >= min(8, r["hits"]) for r in found)
    print(f"\n{args.engine} {split}: {len(rows)} pairs; ratio within {LOW}-{HIGH}: {within}/{len(found)} "
          f"({within / len(found):.0%}, target >= 90%); English total 0 where the Arabic finds "
          f"articles: {len(zero)} {zero or ''}; top 10 with >= 8 holding the phrase: "
          f"{top_ok}/{len(found)}; against the phrase as written (exact:), ratio within: "
          f"{as_written}/{len(found)} ({as_written / len(found):.0%}); against the reference of its kind "
          f"(exact: for the {names} translated as names, as written; the quoted phrase for the rest): "
          f"{by_kind}/{len(found)} ({by_kind / len(found):.0%})")
    if not args.no_latency:
        times = latency(searcher, pairs)
        q = statistics.quantiles(times, n=20)
        print(f"{args.engine} {split}: page search (facets, snippets, suggest, translation), "
              f"{len(times)} searches: p50 {statistics.median(times):.1f} ms, p95 {q[18]:.1f} ms, "
              f"max {max(times):.1f} ms (target p95 <= 30 ms)")


if __name__ == "__main__":
    if "CORPUS_OPENSEARCH_URL" not in os.environ:
        os.environ.setdefault("CORPUS_OPENSEARCH_URL", "http://127.0.0.1:9201")
    main()
