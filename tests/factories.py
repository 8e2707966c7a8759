import factory

from partnership.models import Agency, AgencyKind, Role, User

PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.HEALTH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@agency.example")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda user: user.username.title())
    role = Role.PRACTITIONER
    agency = factory.SubFactory(AgencyFactory)
    email_verified = True

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])
