"""Realistic ~60-word support drafts in en, uk, ru, he and hy, generated from seeded pools."""

from __future__ import annotations

import random
from dataclasses import dataclass

LANGUAGES = ("en", "uk", "ru", "he", "hy")
TARGET_WORDS = 60
FLAGGED_SHARE = 0.4  # share of drafts that carry one flagged sentence


@dataclass(frozen=True)
class Pool:
    """One language's sentences and the values that fill their {slots}."""

    greetings: tuple[str, ...]
    body: tuple[str, ...]
    flagged: tuple[str, ...]
    closings: tuple[str, ...]
    slots: dict[str, tuple[str, ...]]


EN = Pool(
    greetings=("Hi {name}, thanks for reaching out to us.", "Hello {name}!", "Hey {name},"),
    body=(
        "I have checked your order {order} and it shipped on {day}.",
        "The tracking link should update within a few hours.",
        "Could you send me a screenshot of the error message?",
        "We have issued a refund of {amount} to your original payment method.",
        "Your subscription renews on {date}, and you can cancel it at any time from the billing page.",
        "I've passed this on to our engineering team, and they are looking into it now.",
        "Please try clearing your browser cache and logging in again.",
        "The *{product}* plan includes priority support and unlimited storage.",
        "I can see two charges on your account, and one of them is a pending authorisation.",
        "Let me know if the new password works for you.",
        "Our warehouse in {city} is handling a large volume of orders this week.",
        "I've added a note to your account so the next agent sees the full history.",
        "You should receive a confirmation email in the next few minutes.",
        "If the problem comes back, reply to this message and we will pick it up right away.",
        "I have updated the delivery address to the one you gave me.",
        "The discount code `{code}` applies to your next order.",
        "Sorry about the wait, the courier confirmed the parcel is at the depot in {city}.",
        "Once the payment clears, the invoice will appear under Documents.",
        "You can switch to the annual plan and save about {amount} a year.",
        "I've reset the two-factor settings, so you can sign in with your password now.",
    ),
    flagged=(
        "Honestly, I don't know why the payment failed.",
        "I have no idea when the courier will arrive.",
        "Who knows, it might be a bug on our side.",
        "idk what happened to the parcel, sorry.",
        "I really don't know if the refund went through.",
        "No clue why the app keeps crashing.",
    ),
    closings=(
        "Thanks for your patience while we sort this out.",
        "Have a great rest of your day!",
        "Best regards, {agent}",
    ),
    slots={
        "name": ("Anna", "Mark", "Priya", "Tom", "Olga", "Daniel", "Sofia", "James"),
        "agent": ("Kate", "Ben", "Lucy", "Omar"),
        "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
        "date": ("March 3", "April 14", "June 1", "September 30"),
        "amount": ("$12.99", "$45", "$120.50", "$8"),
        "product": ("Relax Plus", "Team", "Business Pro", "Starter"),
        "city": ("Leeds", "Denver", "Toronto", "Austin", "Dublin"),
        "code": ("SPRING20", "WELCOME10", "VIP-5"),
    },
)

UK = Pool(
    greetings=("Добрий день, {name}! Дякуємо, що звернулися до нас.", "Вітаю, {name}!"),
    body=(
        "Я перевірила ваше замовлення {order}, його відправили у {day}.",
        "Посилання для відстеження оновиться протягом кількох годин.",
        "Надішліть, будь ласка, знімок екрана з повідомленням про помилку.",
        "Ми повернули {amount} на вашу картку.",
        "Ваша підписка поновиться {date}, скасувати її можна будь-коли на сторінці оплати.",
        "Я передала це нашим інженерам, вони вже працюють над проблемою.",
        "Спробуйте очистити кеш браузера та увійти знову.",
        "Тариф *{product}* містить пріоритетну підтримку та необмежене сховище.",
        "На вашому рахунку я бачу два списання, одне з них ще обробляється.",
        "Наш склад у місті {city} цього тижня обробляє дуже багато замовлень.",
        "Я додала примітку до вашого облікового запису, щоб колеги бачили всю історію.",
        "Лист із підтвердженням надійде протягом кількох хвилин.",
        "Якщо проблема повториться, просто дайте відповідь на цей лист.",
        "Я оновила адресу доставки на ту, яку ви вказали.",
        "Промокод `{code}` діє для вашого наступного замовлення.",
        "Кур'єр підтвердив, що посилка вже на складі у місті {city}.",
        "Після зарахування платежу рахунок з'явиться в розділі Документи.",
        "Ви можете перейти на річний тариф і заощадити близько {amount} на рік.",
    ),
    flagged=(
        "Чесно кажучи, я не знаю, чому платіж не пройшов.",
        "Гадки не маю, коли приїде кур'єр.",
        "Я не знаю, чи повернулися кошти.",
        "Не знаю, що сталося з посилкою, вибачте.",
        "Я справді не знаю, чому застосунок вилітає.",
    ),
    closings=(
        "Дякую за терпіння, поки ми все з'ясовуємо.",
        "Гарного вам дня!",
        "З повагою, {agent}",
    ),
    slots={
        "name": ("Олено", "Андрію", "Маріє", "Тарасе", "Ірино", "Богдане"),
        "agent": ("Катерина", "Олег", "Софія"),
        "day": ("понеділок", "вівторок", "середу", "четвер", "п'ятницю"),
        "date": ("3 березня", "14 квітня", "1 червня", "30 вересня"),
        "amount": ("450 грн", "1200 грн", "99 грн"),
        "product": ("Релакс Плюс", "Команда", "Бізнес Про"),
        "city": ("Львів", "Київ", "Одеса", "Харків", "Дніпро"),
        "code": ("ВЕСНА20", "WELCOME10"),
    },
)

RU = Pool(
    greetings=("Добрый день, {name}! Спасибо, что обратились к нам.", "Здравствуйте, {name}!"),
    body=(
        "Я проверила ваш заказ {order}, его отправили в {day}.",
        "Ссылка для отслеживания обновится в течение нескольких часов.",
        "Пришлите, пожалуйста, снимок экрана с сообщением об ошибке.",
        "Мы вернули {amount} на вашу карту.",
        "Ваша подписка продлится {date}, отменить её можно в любой момент на странице оплаты.",
        "Я передала это нашим инженерам, они уже занимаются проблемой.",
        "Попробуйте очистить кэш браузера и войти снова.",
        "Тариф *{product}* включает приоритетную поддержку и неограниченное хранилище.",
        "На вашем счёте я вижу два списания, одно из них ещё обрабатывается.",
        "Наш склад в городе {city} на этой неделе обрабатывает очень много заказов.",
        "Я добавила заметку в ваш аккаунт, чтобы коллеги видели всю историю.",
        "Письмо с подтверждением придёт в течение нескольких минут.",
        "Если проблема повторится, просто ответьте на это письмо.",
        "Я обновила адрес доставки на тот, который вы указали.",
        "Промокод `{code}` действует для вашего следующего заказа.",
        "Курьер подтвердил, что посылка уже на складе в городе {city}.",
        "После зачисления платежа счёт появится в разделе Документы.",
        "Вы можете перейти на годовой тариф и сэкономить около {amount} в год.",
    ),
    flagged=(
        "Честно говоря, я не знаю, почему платёж не прошёл.",
        "Понятия не имею, когда приедет курьер.",
        "Я не знаю, вернулись ли деньги.",
        "Не знаю, что случилось с посылкой, извините.",
        "Я правда не знаю, почему приложение вылетает.",
    ),
    closings=(
        "Спасибо за терпение, пока мы во всём разбираемся.",
        "Хорошего вам дня!",
        "С уважением, {agent}",
    ),
    slots={
        "name": ("Елена", "Андрей", "Мария", "Сергей", "Ирина", "Дмитрий"),
        "agent": ("Екатерина", "Олег", "София"),
        "day": ("понедельник", "вторник", "среду", "четверг", "пятницу"),
        "date": ("3 марта", "14 апреля", "1 июня", "30 сентября"),
        "amount": ("450 рублей", "1200 рублей", "99 рублей"),
        "product": ("Релакс Плюс", "Команда", "Бизнес Про"),
        "city": ("Казань", "Москва", "Самара", "Пермь"),
        "code": ("ВЕСНА20", "WELCOME10"),
    },
)

HE = Pool(
    greetings=("שלום {name}, תודה שפנית אלינו.", "היי {name},"),
    body=(
        "בדקתי את הזמנה {order} והיא נשלחה ביום {day}.",
        "קישור המעקב יתעדכן בתוך כמה שעות.",
        "אפשר לשלוח לי צילום מסך של הודעת השגיאה?",
        "החזרנו {amount} לכרטיס האשראי שלך.",
        "המנוי שלך יתחדש ב-{date}, ואפשר לבטל אותו בכל עת בעמוד החיוב.",
        "העברתי את הפנייה לצוות הפיתוח והם כבר מטפלים בזה.",
        "נסה לנקות את המטמון של הדפדפן ולהתחבר שוב.",
        "חבילת *{product}* כוללת תמיכה בעדיפות ואחסון ללא הגבלה.",
        "אני רואה שני חיובים בחשבון שלך, ואחד מהם עדיין בטיפול.",
        "המחסן שלנו ב{city} מטפל השבוע בכמות גדולה של הזמנות.",
        "הוספתי הערה לחשבון שלך כדי שכל הצוות יראה את ההיסטוריה.",
        "מייל אישור יגיע אליך בדקות הקרובות.",
        "אם הבעיה חוזרת, פשוט השב להודעה הזו.",
        "עדכנתי את כתובת המשלוח לכתובת שמסרת.",
        "קוד ההנחה `{code}` תקף להזמנה הבאה שלך.",
        "השליח אישר שהחבילה כבר נמצאת במחסן ב{city}.",
        "אחרי שהתשלום יעבור, החשבונית תופיע בתיקיית המסמכים.",
        "אפשר לעבור למסלול שנתי ולחסוך בערך {amount} בשנה.",
    ),
    flagged=(
        "אין לי מושג למה התשלום נכשל.",
        "אני לא יודע מתי השליח יגיע.",
        "האמת שאני לא יודעת אם הכסף הוחזר.",
        "ממש אין לי מושג מה קרה לחבילה, סליחה.",
    ),
    closings=("תודה על הסבלנות בזמן שאנחנו בודקים את זה.", "המשך יום נעים!", "בברכה, {agent}"),
    slots={
        "name": ("דנה", "יוסי", "מיכל", "אבי", "נועה", "רון"),
        "agent": ("שירה", "עומר", "טל"),
        "day": ("ראשון", "שני", "שלישי", "רביעי", "חמישי"),
        "date": ("3.3", "14.4", "1.6", "30.9"),
        "amount": ("45 ש״ח", "120 ש״ח", "99 ש״ח"),
        "product": ("רילקס פלוס", "צוות", "עסקים פרו"),
        "city": ("חיפה", "תל אביב", "ירושלים", "באר שבע"),
        "code": ("SPRING20", "WELCOME10"),
    },
)

HY = Pool(
    greetings=("Բարև Ձեզ, {name}, շնորհակալություն, որ դիմել եք մեզ։", "Բարև, {name}։"),
    body=(
        "Ես ստուգեցի Ձեր {order} պատվերը, այն ուղարկվել է {day}։",
        "Հետևման հղումը կթարմացվի մի քանի ժամվա ընթացքում։",
        "Խնդրում եմ ուղարկեք սխալի հաղորդագրության սքրինշոթը։",
        "Մենք վերադարձրել ենք {amount} Ձեր քարտին։",
        "Ձեր բաժանորդագրությունը կերկարաձգվի {date}, և այն կարող եք չեղարկել ցանկացած պահի վճարումների էջում։",
        "Ես փոխանցել եմ սա մեր ինժեներներին, և նրանք արդեն աշխատում են խնդրի վրա։",
        "Փորձեք մաքրել դիտարկիչի քեշը և նորից մուտք գործել։",
        "*{product}* փաթեթը ներառում է առաջնահերթ աջակցություն և անսահմանափակ պահեստ։",
        "Ես տեսնում եմ երկու գանձում Ձեր հաշվին, որոնցից մեկը դեռ մշակվում է։",
        "{city}-ի մեր պահեստը այս շաբաթ շատ պատվերներ է մշակում։",
        "Ես նշում եմ ավելացրել Ձեր հաշվին, որպեսզի գործընկերները տեսնեն ամբողջ պատմությունը։",
        "Հաստատման նամակը կստանաք մի քանի րոպեի ընթացքում։",
        "Եթե խնդիրը կրկնվի, պարզապես պատասխանեք այս նամակին։",
        "Ես թարմացրել եմ առաքման հասցեն Ձեր նշած հասցեով։",
        "`{code}` զեղչի կոդը գործում է Ձեր հաջորդ պատվերի համար։",
        "Առաքիչը հաստատեց, որ ծանրոցն արդեն {city}-ի պահեստում է։",
        "Վճարումը հաստատվելուց հետո հաշիվը կհայտնվի Փաստաթղթեր բաժնում։",
        "Կարող եք անցնել տարեկան փաթեթի և տարեկան խնայել մոտ {amount}։",
    ),
    flagged=(
        "Ճիշտն ասած, չգիտեմ, թե ինչու վճարումը չանցավ։",
        "Գաղափար չունեմ, թե երբ կգա առաքիչը։",
        "Ես չգիտեմ՝ գումարը վերադարձվել է, թե ոչ։",
        "Չգիտեմ, թե ինչ է պատահել ծանրոցի հետ, ներողություն։",
    ),
    closings=(
        "Շնորհակալություն համբերության համար, մինչ մենք պարզում ենք ամեն ինչ։",
        "Հաճելի օր եմ մաղթում։",
        "Հարգանքով՝ {agent}",
    ),
    slots={
        "name": ("Անի", "Արամ", "Մարիամ", "Դավիթ", "Լիլիթ", "Գոռ"),
        "agent": ("Նարե", "Տիգրան", "Սոնա"),
        "day": ("երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ"),
        "date": ("մարտի 3-ին", "ապրիլի 14-ին", "հունիսի 1-ին"),
        "amount": ("4500 դրամ", "12000 դրամ", "990 դրամ"),
        "product": ("Ռելաքս Պլյուս", "Թիմ", "Բիզնես Պրո"),
        "city": ("Երևան", "Գյումրի", "Վանաձոր"),
        "code": ("SPRING20", "WELCOME10"),
    },
)

POOLS: dict[str, Pool] = {"en": EN, "uk": UK, "ru": RU, "he": HE, "hy": HY}


def _fill(template: str, pool: Pool, rng: random.Random) -> str:
    """Fill every {slot} of one sentence with a random value (order numbers are made up)."""
    values = {key: rng.choice(choices) for key, choices in pool.slots.items()}
    values["order"] = f"#{rng.randint(100000, 999999)}"
    return template.format(**values)


def draft(lang: str, rng: random.Random) -> str:
    """One support draft of about TARGET_WORDS words: greeting, body sentences, closing."""
    pool = POOLS[lang]
    sentences = [_fill(rng.choice(pool.greetings), pool, rng)]
    words = len(sentences[0].split())
    for template in rng.sample(pool.body, len(pool.body)):
        if words >= TARGET_WORDS - 14:
            break
        sentences.append(_fill(template, pool, rng))
        words += len(sentences[-1].split())
    if rng.random() < FLAGGED_SHARE:
        sentences.insert(rng.randint(1, len(sentences)), rng.choice(pool.flagged))
    sentences.append(_fill(rng.choice(pool.closings), pool, rng))
    return " ".join(sentences)


def drafts(lang: str, count: int, seed: int = 0) -> list[str]:
    """`count` drafts in one language, the same for the same seed."""
    rng = random.Random(f"{seed}-{lang}")
    return [draft(lang, rng) for _ in range(count)]
