from tests.django.announcing import imported

imported.append(__name__)
