"""Generate a synthetic knowledge base and the queries agents would type against it.

Entries read like a support team's known fixes for a card-payments company: a title, the
customer's symptom, tags, numbered steps and alternatives, over ten product areas, in English
mostly and some Ukrainian and Hebrew. Words are drawn from hand-written lists with a skew (the
first words of a list are the commonest), and error codes and versions give the long tail a real
base has. Queries are drawn from the same words: slash-command style (2-4 words), whole customer
messages (15-40 words) and some off-topic ones. Everything is deterministic for a seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Share of entries (and of queries) per language; whole files are in one language.
LANG_SHARE = {"en": 0.84, "uk": 0.08, "he": 0.08}
# Share of queries per style; off-topic ones are half short, half messages.
STYLE_SHARE = {"short": 0.45, "message": 0.45, "off-topic": 0.10}


@dataclass(frozen=True)
class Area:
    """One product area's words in one language."""

    name: str  # English, used in ids and file names
    objects: tuple[str, ...]  # the things that go wrong, commonest first
    symptoms: tuple[str, ...]  # what goes wrong with them; {code} is an error code
    places: tuple[str, ...]  # where in the product the agent looks
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    """The sentence parts and templates of one language."""

    areas: tuple[Area, ...]
    who: tuple[str, ...]
    when: tuple[str, ...]
    so: tuple[str, ...]  # the consequence
    problem: str  # {who} {obj} {symptom} {when} {so}
    details: tuple[str, ...]  # a specific: {name} is a made-up brand, bank or plugin name
    steps: tuple[str, ...]  # {obj} {place} {n} {code} {ver} {ref} {action} {setting} {state}
    actions: tuple[str, ...]
    settings: tuple[str, ...]
    states: tuple[str, ...]
    alternatives: tuple[str, ...]
    greetings: tuple[str, ...]
    openers: tuple[str, ...]
    fillers: tuple[str, ...]
    closers: tuple[str, ...]
    off_topic: tuple[str, ...]
    off_messages: tuple[str, ...]  # {thing} is an off_topic phrase


@dataclass(frozen=True)
class Query:
    """One generated query."""

    text: str
    style: str  # short or message
    lang: str
    on_topic: bool


def _words(text: str) -> tuple[str, ...]:
    """A list written as one space-separated string."""
    return tuple(text.split())


def _t(text: str) -> tuple[str, ...]:
    """A list written one item per line."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


EN_AREAS = (
    Area(
        "payments",
        _t("""card payment
            contactless payment
            chip and PIN payment
            Apple Pay payment
            Google Pay payment
            card payment over 50 EUR
            foreign card
            business card
            pre-authorisation
            tip on a card payment
            split payment
            deposit payment"""),
        _t("""is declined with code {code}
            is declined for every customer
            takes a minute to go through
            is charged twice
            shows as pending in the app
            fails with a timeout
            asks for the PIN every time
            is approved but not in the transaction list
            goes through with the wrong amount
            is blocked by the bank"""),
        _t("""Console > Merchant > Payments
            Dashboard > Transactions
            App > Transactions > Details
            Console > Merchant > Risk"""),
        _t("""payments declined decline-code card contactless tap nfc pin chip
            apple-pay google-pay wallet authorisation timeout"""),
    ),
    Area(
        "refunds",
        _t("""refund
            partial refund
            chargeback
            dispute
            refund to an expired card
            refund of a tip
            disputed payment
            chargeback evidence"""),
        _t("""has not reached the customer after {n} days
            fails with error {code}
            is taken from the payout twice
            is greyed out in the app
            cannot be cancelled
            shows the wrong amount
            was opened by the customer's bank
            is still under review
            needs evidence by Friday"""),
        _t("""Dashboard > Transactions > Refund
            Console > Merchant > Disputes
            App > Transactions > Refund
            Dashboard > Disputes > Evidence"""),
        _t("""refund money-back return chargeback dispute evidence reversal
            bank-statement receipt arn"""),
    ),
    Area(
        "payouts",
        _t("""payout
            instant payout
            weekend payout
            payout to a new bank account
            payout report
            held payout
            first payout
            payout fee
            payout schedule"""),
        _t("""has not arrived in the bank
            is on hold for verification
            went to the old bank account
            is smaller than the day's sales
            arrives a day late every Monday
            shows as paid but the bank has nothing
            is split into several transfers
            was returned by the bank with code {code}"""),
        _t("""Console > Merchant > Payouts
            Dashboard > Settings > Bank account
            Console > Merchant > Risk
            Dashboard > Reports > Payouts"""),
        _t("""payouts payout bank-transfer iban settlement late-payout missing-money
            verification hold schedule"""),
    ),
    Area(
        "readers",
        _t("""card reader
            Juniper Go reader
            Juniper Counter terminal
            reader battery
            charging dock
            reader screen
            reader keypad
            contactless antenna
            SIM card in the reader
            reader firmware
            Wi-Fi connection
            4G connection
            Bluetooth pairing"""),
        _t("""won't turn on
            keeps restarting
            freezes on the logo
            shows a blank screen
            loses its connection every hour
            drains the battery by noon
            beeps but does nothing
            is stuck on the update screen
            gets very hot
            shows error {code}
            won't pair with the phone
            says No connection"""),
        _t("""Settings > Network
            Settings > Bluetooth
            Settings > About
            Console > Merchant > Devices
            Settings > Payments > Contactless"""),
        _t("""reader terminal hardware device battery charger dock screen firmware
            update wifi 4g bluetooth pairing sim restart"""),
    ),
    Area(
        "printers",
        _t("""receipt printer
            built-in printer
            paper roll
            kitchen printer
            label printer
            printer cable
            cash drawer
            barcode scanner"""),
        _t("""prints blank receipts
            jams after every few receipts
            prints faded text
            is not found by the till
            prints the receipt twice
            opens without a sale
            shows a red light
            stopped after the update to version {ver}"""),
        _t("""Settings > Printer
            App > Settings > Hardware
            Console > Merchant > Devices
            Settings > Receipts"""),
        _t("""printer receipt paper roll thermal jam print drawer scanner kitchen hardware"""),
    ),
    Area(
        "account",
        _t("""log-in
            password reset email
            two-factor code
            owner account
            email address
            phone number
            business details
            account verification
            closed account
            identity document"""),
        _t("""does not work after the password change
            never arrives
            is locked after {n} wrong attempts
            shows error {code}
            cannot be changed in the app
            is stuck in review
            was changed without the owner knowing
            is rejected as unreadable"""),
        _t("""Dashboard > Settings > Account
            Console > Merchant > Users
            Dashboard > Settings > Security
            Console > Merchant > Verification"""),
        _t("""account login log-in password 2fa two-factor sms email owner
            verification kyc identity locked security"""),
    ),
    Area(
        "team",
        _t("""staff member
            cashier account
            manager role
            staff PIN
            shift report
            team permissions
            staff invitation
            till session"""),
        _t("""cannot issue refunds
            cannot see the day's sales
            never got the invitation
            is logged out every few minutes
            shows another cashier's sales
            is missing after the update
            cannot be removed
            sees the payout settings"""),
        _t("""Dashboard > Team > Roles
            Dashboard > Team > Members
            App > Settings > Staff
            Console > Merchant > Users"""),
        _t("""team staff cashier manager role permissions invite shift pin employees"""),
    ),
    Area(
        "pricing",
        _t("""transaction fee
            monthly fee
            Plus plan
            Standard plan
            VAT invoice
            fee statement
            chargeback fee
            instant payout fee
            custom rate"""),
        _t("""is higher than agreed
            is charged twice this month
            cannot be downloaded
            shows the old business name
            is missing for {month}
            does not match the sales report
            was not cancelled with the plan
            changed without notice"""),
        _t("""Dashboard > Settings > Invoices
            Dashboard > Settings > Plan
            Console > Merchant > Pricing
            Dashboard > Reports > Fees"""),
        _t("""pricing fees fee rate plan invoice vat statement billing cost charges
            subscription"""),
    ),
    Area(
        "online",
        _t("""payment link
            online checkout
            invoice payment
            QR code payment
            webshop plugin
            recurring payment
            saved card
            3-D Secure check"""),
        _t("""expires before the customer pays
            shows error {code} to the customer
            is paid but the order stays open
            sends the customer to a blank page
            cannot be shared by SMS
            charges the wrong currency
            fails for cards from abroad
            is not sent by email"""),
        _t("""Dashboard > Payment links
            Dashboard > Online > Checkout
            Console > Merchant > Online
            Dashboard > Settings > Webhooks"""),
        _t("""online payment-link link checkout webshop ecommerce qr 3ds recurring
            subscription sms email"""),
    ),
    Area(
        "integrations",
        _t("""POS integration
            till connection
            accounting export
            webhook
            API key
            restaurant POS
            inventory sync
            Xero export"""),
        _t("""stops after {n} minutes
            sends the amount without VAT
            returns error {code}
            duplicates every sale
            does not see the reader
            fails after the key was renewed
            skips refunds
            is very slow at closing time"""),
        _t("""Dashboard > Integrations
            Dashboard > Settings > API keys
            Console > Merchant > Integrations
            App > Settings > Connected till"""),
        _t("""integrations pos till api webhook export accounting xero sync inventory
            developer"""),
    ),
)

EN = Language(
    areas=EN_AREAS,
    who=_t("""The merchant
        A cashier
        The shop owner
        The café manager
        A market trader
        The salon owner
        A food truck owner
        The florist
        A taxi driver
        The bakery owner
        A hotel receptionist
        The barber
        A plumber
        The bookshop owner"""),
    when=_t("""since this morning
        after the latest update
        on busy Saturdays
        for some customers only
        since the battery was replaced
        after moving to a new shop
        every day around noon
        since the bank account was changed
        only on the second reader
        after the Wi-Fi router was replaced"""),
    so=_t("""and the queue keeps growing
        and sales are being lost
        so customers walk away
        and the owner is very upset
        and the accountant needs it today
        and it happened three times this week"""),
    problem="{who} says the {obj} {symptom} {when}, {so}.",
    details=_t("""They use the {name} till app with a {name} router.
        Their bank is {name} Bank.
        It started after the {name} plugin was installed.
        Only cards from {name} and {name} are affected.
        The shop is in the {name} shopping centre and shares the Wi-Fi with {name}.
        Merchants on the {name} partner plan see this more often.
        The {name} accounting export shows the same numbers."""),
    steps=_t("""Ask the merchant to {action} and wait {n} seconds.
        Open {place} and check that {setting} shows "{state}".
        If the screen shows error {code}, try once more; if the code stays, see {ref}.
        Check the status page for an incident affecting the {obj}.
        Make sure the {obj} runs version {ver} or later; older versions are known to fail this way.
        Look up the merchant in {place} and read the last {n} events for the {obj}.
        Tell the merchant that changes to the {obj} take up to {n} minutes to apply.
        If nothing helps, escalate to the second line with the merchant ID and error {code}."""),
    actions=_t("""restart the reader
        unplug the charger
        log out and back in
        update the app
        reset the network settings
        clean the chip slot
        re-pair the reader with the phone
        re-enter the bank details
        resend the invitation
        turn Bluetooth off and on"""),
    settings=_t("""the connection status
        contactless
        automatic payouts
        the account status
        the printer status
        the plan
        two-factor log-in
        the webhook"""),
    states=_t("""On
        Active
        Connected
        Verified
        Enabled
        Paid"""),
    alternatives=_t("""Send the customer a payment link by SMS until the {obj} works again.
        Send a free replacement by next-day courier (order before 15:00 on a working day).
        Waive the monthly fee for one month as an apology.
        Offer a call-back from the {area} team by 16:00 the same working day.
        Take payments by chip and PIN meanwhile, which is unaffected.
        Offer an instant payout of the day's takings free of charge.
        Note the customer's details and send a payment link once it is fixed."""),
    greetings=_t("""hi
        hello
        hey there
        good morning
        hi team
        hello support"""),
    openers=_t("""I run a small {business} and
        we have a {business} in town and
        quick question,
        sorry to bother you but
        not sure who to ask,"""),
    fillers=_t("""I already tried everything I could think of.
        My neighbour has the same setup and it works for him.
        This never happened before.
        I called yesterday but nobody got back to me.
        We are open until late tonight."""),
    closers=_t("""can you help?
        what should I do?
        please help asap
        any ideas?
        this is really urgent
        thanks in advance
        is this a known problem?"""),
    off_topic=_t("""pizza recipe
        football score
        weather tomorrow
        holiday photos
        guitar lessons
        parking ticket
        birthday cake
        train timetable
        garden fence
        wedding dress
        lottery numbers
        yoga class
        dentist appointment
        movie tickets
        dog walker
        knitting pattern"""),
    off_messages=_t("""does anyone know a good {thing} near the station? my sister is visiting next week and asked me to sort it out
        I saw your advert about {thing} on a bus yesterday, is that something you do too or was it another company
        my son keeps asking about {thing} and I have no idea where to start, you always seem to know everything"""),
)

UK_AREAS = (
    Area(
        "payments",
        _t("""термінал
            картка
            безконтактна оплата
            оплата телефоном
            платіж
            чек"""),
        _t("""відхиляється з кодом {code}
            не проходить у години пік
            списується двічі
            зависає на екрані оплати
            не відображається в застосунку"""),
        _t("""Console > Merchant > Payments
            Кабінет > Транзакції"""),
        _t("""оплата картка термінал відмова безконтакт платіж"""),
    ),
    Area(
        "payouts",
        _t("""виплата
            миттєва виплата
            банківський рахунок
            звіт про виплати"""),
        _t("""не надходить на рахунок
            затримується на кілька днів
            заблокована через перевірку
            приходить на старий рахунок
            менша за суму продажів"""),
        _t("""Console > Merchant > Payouts
            Кабінет > Виплати"""),
        _t("""виплата виплати банк рахунок затримка зарахування"""),
    ),
    Area(
        "readers",
        _t("""термінал
            акумулятор
            зарядна станція
            екран термінала
            сім-картка
            оновлення"""),
        _t("""не вмикається
            постійно перезавантажується
            не заряджається
            зависає на логотипі
            показує помилку {code}
            не підключається до мережі"""),
        _t("""Налаштування > Мережа
            Console > Merchant > Devices"""),
        _t("""термінал пристрій батарея заряджання екран оновлення мережа"""),
    ),
    Area(
        "printers",
        _t("""принтер чеків
            паперовий рулон
            грошова скринька"""),
        _t("""не друкує
            друкує порожні чеки
            застрягає папір
            друкує блідо"""),
        _t("""Налаштування > Принтер
            Кабінет > Пристрої"""),
        _t("""принтер чек папір рулон друк"""),
    ),
    Area(
        "account",
        _t("""пароль
            код підтвердження
            обліковий запис
            електронна пошта
            двофакторна автентифікація"""),
        _t("""не приходить
            не працює після зміни
            блокується після трьох спроб
            показує помилку {code}"""),
        _t("""Кабінет > Налаштування > Безпека
            Console > Merchant > Users"""),
        _t("""акаунт вхід пароль код безпека пошта"""),
    ),
)

UK = Language(
    areas=UK_AREAS,
    who=_t("""Продавець
        Касирка
        Власник кав'ярні
        Власниця квіткової крамниці
        Менеджер магазину
        Перукар
        Власник пекарні"""),
    when=_t("""після останнього оновлення
        з самого ранку
        у години пік
        лише в деяких покупців
        після заміни батареї
        з понеділка
        у вихідні"""),
    so=_t("""і черга росте
        і продавець втрачає продажі
        тож покупці йдуть
        і власник дуже незадоволений"""),
    problem="{who} каже, що {obj} {symptom} {when}, {so}.",
    details=_t("""Вони користуються касовою програмою {name}.
        Їхній банк — {name} Bank.
        Проблема почалася після встановлення плагіна {name}.
        Стосується лише карток {name} і {name}."""),
    steps=_t("""Попросіть продавця {action} і зачекати {n} секунд.
        Відкрийте {place} і перевірте, що {setting} має статус «{state}».
        Якщо на екрані код {code}, повторіть спробу; якщо код лишається, див. {ref}.
        Перевірте сторінку статусу: можливо, зараз триває збій.
        Переконайтеся, що встановлено версію {ver} або новішу.
        Скажіть продавцю, що зміни набувають чинності протягом {n} хвилин."""),
    actions=_t("""перезапустити термінал
        від'єднати кабель живлення
        оновити застосунок
        вийти з акаунта й увійти знову
        скинути налаштування мережі
        почистити роз'єм для картки"""),
    settings=_t("""з'єднання
        безконтактна оплата
        автоматична виплата
        обліковий запис"""),
    states=_t("""Увімкнено
        Активний
        Підключено"""),
    alternatives=_t("""Надіслати покупцеві посилання на оплату в SMS, доки {obj} не запрацює.
        Надіслати новий термінал кур'єром наступного дня безкоштовно.
        Не стягувати щомісячну плату за один місяць.
        Запропонувати дзвінок від команди підтримки до 16:00."""),
    greetings=_t("""Привіт
        Добрий день
        Вітаю"""),
    openers=_t("""у мене невелика {business} і
        ми маємо {business} в центрі і
        підкажіть, будь ласка,"""),
    fillers=_t("""Я вже все перепробувала.
        Сусіди кажуть, що в них те саме.
        Раніше такого ніколи не було."""),
    closers=_t("""що робити?
        допоможіть, будь ласка
        це дуже терміново
        дякую заздалегідь"""),
    off_topic=_t("""рецепт борщу
        прогноз погоди
        футбольний матч
        квитки в кіно
        уроки гітари
        весільна сукня"""),
    off_messages=_t("""хтось знає, де знайти {thing} біля вокзалу? сестра приїжджає наступного тижня і просила допомогти
        бачила вашу рекламу про {thing} в автобусі, ви таким теж займаєтеся чи це інша компанія"""),
)

HE_AREAS = (
    Area(
        "payments",
        _t("""התשלום בכרטיס
            כרטיס האשראי
            התשלום בהצמדה
            התשלום בטלפון
            החיוב"""),
        _t("""נדחה עם קוד {code}
            נדחה אצל כל הלקוחות
            נתקע במסך התשלום
            לא מופיע באפליקציה
            מחויב פעמיים"""),
        _t("""Console > Merchant > Payments
            לוח הבקרה > עסקאות"""),
        _t("""תשלומים כרטיס אשראי הצמדה דחייה חיוב"""),
    ),
    Area(
        "payouts",
        _t("""ההעברה לבנק
            חשבון הבנק
            דוח ההעברות"""),
        _t("""לא מגיע
            מתעכב כבר כמה ימים
            מוקפא לבדיקה
            נשלח לחשבון הישן"""),
        _t("""Console > Merchant > Payouts
            לוח הבקרה > העברות"""),
        _t("""העברות העברה בנק עיכוב הקפאה"""),
    ),
    Area(
        "readers",
        _t("""מכשיר הסליקה
            המטען
            המסך
            עדכון התוכנה
            החיבור לרשת"""),
        _t("""לא נדלק
            נתקע
            קופא כל כמה דקות
            מציג שגיאה {code}
            לא מתחבר לרשת
            מתנתק כל הזמן"""),
        _t("""הגדרות > רשת
            Console > Merchant > Devices"""),
        _t("""מכשיר סליקה סוללה מטען מסך עדכון רשת"""),
    ),
    Area(
        "account",
        _t("""קוד האימות
            החשבון
            הדוא"ל
            מספר הטלפון"""),
        _t("""לא מגיע
            ננעל אחרי שלושה ניסיונות
            לא מתעדכן
            מציג שגיאה {code}"""),
        _t("""לוח הבקרה > הגדרות > אבטחה
            Console > Merchant > Users"""),
        _t("""חשבון התחברות סיסמה אימות אבטחה"""),
    ),
)

HE = Language(
    areas=HE_AREAS,
    who=_t("""בעל העסק
        הקופאי
        מנהל החנות
        הספר
        בעל המאפייה"""),
    when=_t("""אחרי העדכון האחרון
        מאז הבוקר
        בשעות העומס
        רק אצל חלק מהלקוחות
        מאז יום ראשון"""),
    so=_t("""והתור רק גדל
        ובעל העסק מפסיד מכירות
        והלקוחות עוזבים"""),
    problem="{who} אומר ש{obj} {symptom} {when}, {so}.",
    details=_t("""הם משתמשים בקופה של {name}.
        הבנק שלהם הוא {name} Bank.
        הבעיה התחילה אחרי שהותקן התוסף {name}.
        זה קורה רק בכרטיסים של {name} ושל {name}."""),
    steps=_t("""בקשו מבעל העסק {action} ולחכות {n} שניות.
        פתחו את {place} ובדקו ש{setting} מופיע כ"{state}".
        אם מופיע קוד {code}, נסו שוב; אם הקוד חוזר, ראו {ref}.
        בדקו בדף הסטטוס אם יש תקלה כללית.
        ודאו שמותקנת גרסה {ver} או חדשה יותר."""),
    actions=_t("""להפעיל את המכשיר מחדש
        לנתק את כבל החשמל
        לעדכן את האפליקציה
        להתנתק ולהתחבר מחדש
        לאפס את הגדרות הרשת"""),
    settings=_t("""מצב החיבור
        התשלום בהצמדה
        החשבון"""),
    states=_t("""מופעל
        פעיל
        מחובר"""),
    alternatives=_t("""לשלוח ללקוח קישור לתשלום ב-SMS עד שהתקלה תיפתר.
        לשלוח בחינם מכשיר חלופי בשליח למחרת.
        לוותר על העמלה החודשית לחודש אחד.
        להציע שיחה חוזרת מצוות התמיכה עד 16:00."""),
    greetings=_t("""היי
        שלום
        בוקר טוב"""),
    openers=_t("""יש לי {business} קטן במרכז.
        שאלה קצרה:
        סליחה על ההטרדה,"""),
    fillers=_t("""כבר ניסיתי הכול.
        השכנים אומרים שגם אצלם זה קורה.
        זה אף פעם לא קרה קודם."""),
    closers=_t("""מה לעשות?
        תעזרו בבקשה
        זה ממש דחוף
        תודה מראש"""),
    off_topic=_t("""מתכון לעוגה
        תחזית מזג האוויר
        משחק כדורגל
        כרטיסים לסרט
        שיעורי גיטרה"""),
    off_messages=_t("""מישהו מכיר {thing} טוב ליד התחנה? אחותי מגיעה בשבוע הבא וביקשה שאסדר את זה
        ראיתי פרסומת על {thing} באוטובוס אתמול, אתם עושים גם את זה או שזו חברה אחרת"""),
)

LANGUAGES = {"en": EN, "uk": UK, "he": HE}
BUSINESSES = {
    "en": _t("""café
        bakery
        flower shop
        hair salon
        food truck
        bookshop
        bike repair shop
        market stall
        pizzeria
        yoga studio"""),
    "uk": _t("""кав'ярня
        пекарня
        крамниця"""),
    "he": _t("""בית קפה
        מאפייה
        מספרה"""),
}
# Words people leave out of a slash command.
GLUE = frozenset(_words("the and but for with after every does not has was are its"))
MONTHS = _words(
    "January February March April May June July August September October November December"
)


# -- picking -----------------------------------------------------------------------------------


@cache
def _skew(n: int) -> tuple[float, ...]:
    """Cumulative weights 1, 1/2, 1/3...: the first items of a list are the commonest."""
    total, out = 0.0, []
    for i in range(n):
        total += 1 / (i + 1)
        out.append(total)
    return tuple(out)


def pick(rng: random.Random, items: Sequence[str]) -> str:
    """One item, the first ones more often (Zipf-like)."""
    return rng.choices(items, cum_weights=_skew(len(items)))[0]


def _code(rng: random.Random) -> str:
    return f"E{rng.randint(100, 9999)}"


def _version(rng: random.Random) -> str:
    return f"{rng.randint(2, 9)}.{rng.randint(0, 30)}"


_SLOT = re.compile(r"\{(\w+)\}")


def _fill(template: str, rng: random.Random, **slots: str) -> str:
    """The template with its slots filled; each {code}, {ver}, {n} or {name} is drawn afresh."""
    fresh = {
        "code": lambda: _code(rng),
        "ver": lambda: _version(rng),
        "n": lambda: str(rng.choice((2, 3, 5, 10, 15, 30))),
        "month": lambda: rng.choice(MONTHS),
        "name": lambda: pick(rng, names()),
    }

    def slot(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in slots:
            return slots[key]
        return fresh[key]() if key in fresh else match.group(0)

    return _SLOT.sub(slot, template)


@cache
def names(count: int = 40_000) -> tuple[str, ...]:
    """Made-up brand, bank and plugin names: the long tail of a real base's vocabulary.

    The pool is the same for every seed; which names an entry uses depends on the seed.
    """
    rng = random.Random(count)
    onsets = _words("b c d f g k l m n p r s t v z br cl dr gr kr st tr sh ch pl")
    vowels = _words("a e i o u ia ea ou")
    codas = ("", "", "", "n", "r", "l", "s", "x", "m", "t", "nd")
    found: dict[str, None] = {}
    while len(found) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(2, 3))]
        found["".join(parts).capitalize() + rng.choice(codas)] = None
    return tuple(found)


def _lang_of(index: int, total: int, seed: int) -> str:
    """A file's language: files are assigned in proportion to LANG_SHARE, shuffled by seed."""
    langs = [lang for lang, share in LANG_SHARE.items() for _ in range(round(share * total))]
    langs = (langs + ["en"] * total)[:total]
    random.Random(seed).shuffle(langs)
    return langs[index]


# -- entries -----------------------------------------------------------------------------------


def entry(
    rng: random.Random, lang: str, area: Area, number: int, refs: Sequence[str]
) -> dict[str, Any]:
    """One entry, as the dict a YAML file would hold."""
    words = LANGUAGES[lang]
    obj, symptom = pick(rng, area.objects), pick(rng, area.symptoms)
    symptom = _fill(symptom, rng)
    thing = obj.lower() if lang == "en" else obj  # mid-sentence
    title = f"{obj} {symptom}"
    if lang == "en" and rng.random() < 0.3:
        title += rng.choice(
            (
                f" after the {_version(rng)} update",
                f" with the {pick(rng, names())} till",
                " on Android",
                " on iPhone",
            )
        )
    problem = _fill(
        words.problem,
        rng,
        who=pick(rng, words.who),
        obj=thing,
        symptom=symptom,
        when=rng.choice(words.when),
        so=rng.choice(words.so),
    )
    if rng.random() < 0.7:
        problem += " " + _fill(rng.choice(words.details), rng)
    ref = rng.choice(refs) if refs else f"{area.name}-00000"
    steps = [
        _fill(
            s,
            rng,
            obj=thing,
            place=rng.choice(area.places),
            ref=ref,
            action=rng.choice(words.actions),
            setting=rng.choice(words.settings),
            state=rng.choice(words.states),
        )
        for s in rng.sample(words.steps, rng.randint(3, min(6, len(words.steps))))
    ]
    if rng.random() < 0.5:
        steps.insert(rng.randint(0, len(steps)), _fill(rng.choice(words.details), rng))
    alternatives = [
        _fill(a, rng, obj=thing, area=area.name)
        for a in rng.sample(words.alternatives, rng.randint(1, 3))
    ]
    tag_words = [t for line in area.tags for t in line.split()]
    tags = rng.sample(tag_words, min(4, len(tag_words)))
    if rng.random() < 0.3:
        tags.append(pick(rng, names()).lower())
    out: dict[str, Any] = {
        "id": ("" if lang == "en" else f"{lang}-") + f"{area.name}-{number:05d}",
        "title": title[0].upper() + title[1:],
    }
    if lang != "en":
        out["lang"] = lang
    out["tags"] = tags
    out["problem"] = problem
    out["fix"] = "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    out["alternatives"] = alternatives
    out["links"] = [f"https://help.example.com/{area.name}/{number}"]
    return out


def _yaml(entry: dict[str, Any]) -> str:
    """One entry as a YAML list item; json.dumps gives valid double-quoted YAML scalars."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f"- id: {entry['id']}", f"  title: {q(entry['title'])}"]
    if "lang" in entry:
        lines.append(f"  lang: {entry['lang']}")
    lines.append(f"  tags: [{', '.join(q(t) for t in entry['tags'])}]")
    lines.append(f"  problem: {q(entry['problem'])}")
    lines.append("  fix: |")
    lines += [f"    {line}" for line in entry["fix"].splitlines()]
    lines.append("  alternatives:")
    lines += [f"    - {q(a)}" for a in entry["alternatives"]]
    lines.append("  links:")
    lines += [f"    - {link}" for link in entry["links"]]
    return "\n".join(lines) + "\n"


def write_base(folder: Path, count: int, seed: int, per_file: int = 100) -> list[Path]:
    """Write `count` entries into YAML files of `per_file` entries each; return the files.

    Each file holds one language and one product area, like a team's own files.
    """
    rng = random.Random(seed)
    files = -(-count // per_file)
    paths: list[Path] = []
    ids: list[str] = []
    for index in range(files):
        lang = _lang_of(index, files, seed)
        area = LANGUAGES[lang].areas[index % len(LANGUAGES[lang].areas)]
        size = min(per_file, count - index * per_file)
        items = []
        for _ in range(size):
            item = entry(rng, lang, area, len(ids), ids[-500:])
            ids.append(item["id"])
            items.append(_yaml(item))
        path = folder / f"{lang}-{area.name}-{index:03d}.yaml"
        header = f"# Generated known fixes ({lang}, {area.name}), seed {seed}.\n"
        path.write_text(header + "\n".join(items), encoding="utf-8")
        paths.append(path)
    return paths


# -- queries -----------------------------------------------------------------------------------


def queries(count: int, seed: int) -> list[Query]:
    """`count` queries: slash-command style, customer messages and off-topic ones."""
    rng = random.Random(seed + 1)
    langs, lang_weights = list(LANG_SHARE), list(LANG_SHARE.values())
    styles, style_weights = list(STYLE_SHARE), list(STYLE_SHARE.values())
    out = []
    for _ in range(count):
        lang = rng.choices(langs, lang_weights)[0]
        style = rng.choices(styles, style_weights)[0]
        if style == "short":
            out.append(Query(short_query(rng, lang), "short", lang, True))
        elif style == "message":
            out.append(Query(message(rng, lang), "message", lang, True))
        elif rng.random() < 0.5:
            words = LANGUAGES[lang].off_topic
            out.append(Query(" ".join(rng.sample(words, 2)), "short", lang, False))
        else:
            out.append(Query(off_topic_message(rng, lang), "message", lang, False))
    return out


def short_query(rng: random.Random, lang: str) -> str:
    """2-4 words as typed after /fixes: an object's words, a symptom's or tag words."""
    area = rng.choice(LANGUAGES[lang].areas)
    pool = [
        *pick(rng, area.objects).split(),
        *_fill(pick(rng, area.symptoms), rng).split(),
        *rng.choice(area.tags).split(),
    ]
    pool = [w for w in dict.fromkeys(pool) if len(w) > 2 and w.lower() not in GLUE]
    words = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
    if rng.random() < 0.15:  # a bank, brand or plugin name
        words[-1] = pick(rng, names())
    return " ".join(words).lower()


def message(rng: random.Random, lang: str) -> str:
    """A customer's message of 15-40 words about one area's object and symptom."""
    words = LANGUAGES[lang]
    area = rng.choice(words.areas)
    business = rng.choice(BUSINESSES[lang])
    obj = pick(rng, area.objects)
    topic = f"{obj.lower() if lang == 'en' else obj} {_fill(pick(rng, area.symptoms), rng)}"
    if lang == "en":
        topic = "the " + topic
    parts = [
        rng.choice(words.greetings) + ",",
        rng.choice(words.openers).format(business=business),
        f"{topic} {rng.choice(words.when)}.",
    ]
    if rng.random() < 0.3:
        parts.append(_fill(rng.choice(words.details), rng))
    if rng.random() < 0.6:
        parts.append(rng.choice(words.fillers))
    parts.append(rng.choice(words.closers))
    return _length(" ".join(parts), rng, words.fillers)


def off_topic_message(rng: random.Random, lang: str) -> str:
    words = LANGUAGES[lang]
    text = rng.choice(words.greetings) + ", " + rng.choice(words.off_messages)
    return _length(text.format(thing=rng.choice(words.off_topic)), rng, words.fillers)


def _length(text: str, rng: random.Random, fillers: Sequence[str]) -> str:
    """Pad with filler sentences to 15 words, cut at 40."""
    while len(text.split()) < 15:
        text += " " + rng.choice(fillers)
    return " ".join(text.split()[:40])
